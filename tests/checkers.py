"""Independent checkers for what crawlers read, built from the standards' own schemas:

- Atom (RFC 4287): the RELAX NG grammar of its Appendix B (tests/schemas/atom.rnc), run
  by libxml2 through lxml, and the Schematron rules that grammar carries, which state the
  author and link requirements of sections 4.1.1 and 4.1.2; and the W3C feed validator's
  DuplicateUpdated warning (entries that share one atom:updated instant).
- Sitemaps: the sitemaps.org XML Schema (tests/schemas/sitemap.xsd).
- robots.txt: Protego, Scrapy's RFC 9309 parser.
- Structured data: extruct reads a page's JSON-LD, microdata and RDFa from its HTML as
  crawlers do, and the terms it finds are looked up with rdflib in schema.org's own
  vocabulary (tests/schemas/schemaorg.nq; the README says which package it came from).
"""

import warnings
from collections import Counter
from copy import deepcopy
from datetime import datetime
from functools import cache
from pathlib import Path

import extruct
import rnc2rng
from lxml import etree, isoschematron
from protego import Protego
from rdflib import RDF, RDFS, Dataset, Namespace, URIRef

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


def duplicate_updated(content):
    """The instants that more than one entry of an Atom feed gives as its atom:updated, as
    the W3C feed validator's DuplicateUpdated warning finds them; [] when each is its own.
    Compared as instants, so two spellings of one moment count as the same."""
    document = etree.fromstring(content)
    values = document.xpath("/a:feed/a:entry/a:updated/text()", namespaces={"a": ATOM})
    instants = Counter(datetime.fromisoformat(value.strip()) for value in values)
    return sorted(instant.isoformat() for instant, count in instants.items() if count > 1)


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


SCHEMA = Namespace("http://schema.org/")
# The vocabulary names its terms in http://schema.org/; pages may write either scheme.
SCHEMA_IRIS = ("http://schema.org/", "https://schema.org/")
SCHEMA_CONTEXTS = {*SCHEMA_IRIS, *(iri.rstrip("/") for iri in SCHEMA_IRIS)}
NODE_KEYWORDS = {"@context", "@id", "@type", "@graph"}
# An Action's `<property>-input` and `-output` annotations say how an agent fills one of
# its properties (https://schema.org/docs/actions.html): Google's search box uses one.
ACTION_ANNOTATIONS = ("-input", "-output")


@cache
def _schema_org():
    dataset = Dataset()
    with warnings.catch_warnings():
        # rdflib's own N-Quads parser still uses an attribute rdflib deprecates.
        warnings.filterwarnings("ignore", "Dataset.default_context", DeprecationWarning)
        dataset.parse(SCHEMAS / "schemaorg.nq", format="nquads")
    return dataset.graph(URIRef(SCHEMA))


@cache
def _is_type(name):
    return (SCHEMA[name], RDF.type, RDFS.Class) in _schema_org()


@cache
def _is_property(name):
    return (SCHEMA[name], RDF.type, RDF.Property) in _schema_org()


@cache
def _superclasses(name):
    """The type itself and every type it is a subclass of, however far up."""
    return frozenset(map(_name, _schema_org().transitive_objects(SCHEMA[name], RDFS.subClassOf)))


def _related(name, predicate):
    """The schema.org names a term points at: its domainIncludes, rangeIncludes, ..."""
    return sorted(_name(term) for term in _schema_org().objects(SCHEMA[name], predicate))


def _name(term):
    """A term's schema.org name ("Person"), whatever form the page wrote it in; a term of
    another vocabulary keeps its IRI, which the vocabulary does not know."""
    term = str(term)
    for prefix in (*SCHEMA_IRIS, "schema:"):  # schema.org's own context defines `schema:`
        if term.startswith(prefix):
            return term.removeprefix(prefix)
    return term


def _types(node):
    names = node.get("@type", [])
    return {_name(name) for name in ([names] if isinstance(names, str) else names)}


def _ancestors(types):
    return set().union(*(_superclasses(name) for name in types if _is_type(name)))


def _annotated_property(name):
    for suffix in ACTION_ANNOTATIONS:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return None


def _items(value):
    """The values of a property, out of JSON-LD's arrays, @list and @set."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and ("@list" in item or "@set" in item):
            yield from _items(item.get("@list", item.get("@set")))
        else:
            yield item


def _is_schema_context(context):
    if isinstance(context, list):
        return any(_is_schema_context(item) for item in context)
    if isinstance(context, dict):
        return context.get("@vocab") in SCHEMA_CONTEXTS
    return context in SCHEMA_CONTEXTS


class _Check:
    """One page's structured data against the vocabulary.

    A node that another names by `@id` alone is checked where it is defined; the types of
    every node with an `@id`, gathered from the whole page first, still tell what such a
    reference points at, and give a type to a node that adds properties under that `@id`.
    """

    def __init__(self, documents):
        self.documents = documents
        self.types_by_id = {}
        self.problems = []
        for document in documents:
            self._gather_types(document)

    def run(self):
        for document in self.documents:
            self._node(document, path="")
        return list(dict.fromkeys(self.problems))

    def _gather_types(self, value):
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if "@id" in item and "@type" in item and "@value" not in item:
                    self.types_by_id.setdefault(item["@id"], set()).update(_types(item))
                for key, nested in item.items():
                    if key not in {"@type", "@value"}:
                        self._gather_types(nested)

    def _types_of(self, node):
        return _types(node) or self.types_by_id.get(node.get("@id"), set())

    def _node(self, node, path):
        if "@context" in node and not _is_schema_context(node["@context"]):
            where = path or "document"
            self.problems.append(f"{where}: @context {node['@context']!r} is not schema.org")
            return
        if "@graph" in node:
            for member in _items(node["@graph"]):
                self._node(member, path)
            if node.keys() <= {"@context", "@id", "@graph"}:
                return  # a graph's wrapper, not a node of its own
        types = self._types_of(node)
        path = path or "/".join(sorted(types)) or "node"
        for name in sorted(types):
            if not _is_type(name):
                self.problems.append(f"{path}: @type {name} is not a schema.org type")
            elif superseded := _related(name, SCHEMA.supersededBy):
                self.problems.append(f"{path}: @type {name} is superseded by {superseded}")
        properties = {key: value for key, value in node.items() if not key.startswith("@")}
        if properties and not types:
            self.problems.append(f"{path}: a node with properties but no @type")
        for keyword in sorted(node.keys() - properties.keys() - NODE_KEYWORDS):
            self.problems.append(f"{path}.{keyword}: not a JSON-LD keyword of a node")
        known = sorted(name for name in types if _is_type(name))
        for key, value in properties.items():
            self._property(_name(key), value, path, known)

    def _property(self, name, value, path, types):
        path = f"{path}.{name}"
        ancestors = _ancestors(types)
        annotated = _annotated_property(name) if "Action" in ancestors else None
        if not _is_property(annotated or name):
            self.problems.append(f"{path}: not a schema.org property")
            return
        if types and not ancestors & set(_related(annotated or name, SCHEMA.domainIncludes)):
            self.problems.append(f"{path}: not a property of {'/'.join(types)}")
        if superseded := _related(name, SCHEMA.supersededBy):
            self.problems.append(f"{path}: superseded by {', '.join(superseded)}")
        if annotated:
            return  # its value describes an input, in schema.org's own text syntax
        for item in _items(value):
            if isinstance(item, dict) and "@value" not in item:
                self._expected_type(item, name, path)
                if item.keys() - {"@id"}:
                    self._node(item, path)

    def _expected_type(self, item, name, path):
        types = sorted(name for name in self._types_of(item) if _is_type(name))
        expected = _related(name, SCHEMA.rangeIncludes)
        if types and expected and not _ancestors(types) & set(expected):
            self.problems.append(
                f"{path}: a {'/'.join(types)} where {name} expects {', '.join(expected)}"
            )


def _schema_org_nodes(rdfa):
    """The RDFa nodes that use schema.org terms, with only those terms: Open Graph's `og:`
    meta tags are RDFa too, in a vocabulary of their own."""
    for node in rdfa:
        kept = {key: value for key, value in node.items() if key.startswith(SCHEMA_IRIS)}
        types = [name for name in node.get("@type", []) if name.startswith(SCHEMA_IRIS)]
        if types:
            kept["@type"] = types
        if kept:
            yield {"@id": node["@id"], **kept}


def structured_data(content, url):
    """A page's structured data as extruct reads it from the HTML: JSON-LD, microdata (in
    JSON-LD's shape) and RDFa."""
    return extruct.extract(
        content,
        base_url=url,
        syntaxes=["json-ld", "microdata", "rdfa"],
        uniform=True,
        errors="strict",
    )


def schema_org_errors(content, url="https://localhost/"):
    """Every type and property in a page's structured data (JSON-LD, microdata, RDFa) that
    schema.org does not define for where it stands, as messages that start with its path
    (`Article.author.hasCredential: not a property of Organization`); [] when all are.

    A property must be one whose `domainIncludes` holds the node's type or a type above
    it, and a node given as its value one of a type (or below a type) its `rangeIncludes`
    holds. Superseded terms are problems too. Text values are not checked.
    """
    found = structured_data(content, url)
    documents = [*found["json-ld"], *found["microdata"], *_schema_org_nodes(found["rdfa"])]
    return _Check(documents).run()
