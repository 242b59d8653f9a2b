"""Independent checkers for what crawlers read, built from the standards' own schemas:

- Atom (RFC 4287): the RELAX NG grammar of its Appendix B (tests/schemas/atom.rnc), run
  by libxml2 through lxml, and the Schematron rules that grammar carries, which state the
  author and link requirements of sections 4.1.1 and 4.1.2.
- Sitemaps: the sitemaps.org XML Schema (tests/schemas/sitemap.xsd).
- robots.txt: Protego, Scrapy's RFC 9309 parser.
"""

from copy import deepcopy
from functools import cache
from pathlib import Path

import rnc2rng
from lxml import etree, isoschematron
from protego import Protego

SCHEMAS = Path(__file__).with_name("schemas")
ATOM = "http://www.w3.org/2005/Atom"
ISO_SCHEMATRON = "http://purl.oclc.org/dsdl/schematron"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


@cache
def _atom_checkers():
    # RFC 4287 writes its rules in the 2001 Schematron namespace; lxml runs ISO Schematron,
    # whose rule syntax is the same.
    text = (SCHEMAS / "atom.rnc").read_text()
    text = text.replace("http://www.ascc.net/xml/schematron", ISO_SCHEMATRON)
    # libxml2 refuses the empty namespace that rnc2rng declares for the grammar's `local`
    # prefix; the grammar itself names that namespace as ns="".
    rng = rnc2rng.dumps(rnc2rng.loads(text)).replace(' xmlns:local=""', "")
    grammar = etree.fromstring(rng.encode())
    rules = etree.Element(f"{{{ISO_SCHEMATRON}}}schema")
    etree.SubElement(rules, f"{{{ISO_SCHEMATRON}}}ns", prefix="atom", uri=ATOM)
    for rule in grammar.iter(f"{{{ISO_SCHEMATRON}}}rule"):
        etree.SubElement(rules, f"{{{ISO_SCHEMATRON}}}pattern").append(deepcopy(rule))
    return etree.RelaxNG(grammar), isoschematron.Schematron(rules, store_report=True)


def atom_errors(content):
    """Every way an Atom document breaks RFC 4287, as messages; [] when it conforms."""
    document = etree.fromstring(content)
    grammar, rules = _atom_checkers()
    errors = [] if grammar.validate(document) else [str(error) for error in grammar.error_log]
    if not rules.validate(document):
        errors += rules.validation_report.xpath(
            "//svrl:failed-assert/svrl:text/text()", namespaces=SVRL
        )
    return errors


@cache
def _sitemap_schema():
    return etree.XMLSchema(etree.parse(SCHEMAS / "sitemap.xsd"))


def sitemap_errors(content):
    """Every way a sitemap breaks the sitemaps.org schema; [] when it conforms."""
    schema = _sitemap_schema()
    return [] if schema.validate(etree.fromstring(content)) else [str(e) for e in schema.error_log]


def robots(content):
    """robots.txt as a crawler that follows RFC 9309 reads it."""
    return Protego.parse(content.decode() if isinstance(content, bytes) else content)
