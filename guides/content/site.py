"""The seeded site map, as structured data that `load_site_content` builds pages from.

The guide's own words live in ``fractional-ai-cto.txt`` beside this file, exactly as the
client wrote them. Everything here is either taken from that text or is a label (a
caption, a one-line summary of a planned page) that claims no fact beyond it.

Page links are written ``[[key|text]]``, where key names a page below; the loader turns
them into Wagtail page links, which render as plain text until the page is live.
"""

from pathlib import Path

from guides.content import privacy

GUIDE_TEXT = Path(__file__).with_name("fractional-ai-cto.txt")
GUIDE_KEY = "fractional-ai-cto"  # the page of PAGES that GUIDE_TEXT fills
DEFINITION_TERM = "Fractional AI CTO"  # the term its first paragraph defines

SETTINGS = {
    "organisation_name": "Truvisory",
    "description": "A build-capable, AI-native fractional CTO firm.",
    # Each a line of the footer. The seed links no public record for any of them: an editor
    # gives an entry the URL of one (Settings › Site settings).
    "certifications": [
        "SBA-verified Service-Disabled Veteran-Owned Small Business (SDVOSB)",
        "FedRAMP-aware: Truvisory itself is not a FedRAMP-authorized service "
        "and isn’t CMMC-certified.",
    ],
    # The call to action of every page without one of its own.
    "cta_heading": "Have an AI pilot that won’t ship?",
    "cta_text": "Or one you don’t want to start blind? Tell us where it stands.",
    "cta_link_text": "Talk to Truvisory",
}

# The founder's profile page, /about/truvisory-founder/, which every byline links to. The
# seed gives no personal name, so the name is a placeholder until an editor gives one: the
# editors' checks and the content plan say so while it is (name_is_placeholder). The seed
# gives no photo and no profile links either.
AUTHOR = {
    "name": "Truvisory founder",
    "name_is_placeholder": True,
    "role": "Founder and operator",
    "bio": "A 25-year operator who now writes the code.",
    "credentials": (
        "Combat veteran\nFormer PE-backed operating executive\nExecutive MBA\n"
        "Hands-on software engineering"
    ),
}

# Keyed by the text of the seed table's "Source (date)" column. The seed names no links:
# these are the publishers' public addresses for each report, for editors to confirm
# (`check_links` and the admin reports flag any that stop answering).
SOURCES = {
    "MIT NANDA, State of AI in Business (Jul 2025)": {
        "publisher": "MIT NANDA",
        "url": "https://nanda.media.mit.edu/ai_report_2025.pdf",
        "title": "State of AI in Business",
        "publication_date": "2025-07",
        "method_note": "Measures value realization (pilots returning no measurable P&L), "
        "not whether anything shipped. Its authors call it “a directionally accurate "
        "snapshot rather than a definitive market analysis.”",
    },
    "IDC / Lenovo CIO Playbook (Mar 2025)": {
        "publisher": "IDC / Lenovo",
        "url": "https://investor.lenovo.com/en/global/Lenovo_CIO_Playbook_2025.pdf",
        "title": "CIO Playbook",
        "cited_as": "IDC / Lenovo CIO Playbook",
        "publication_date": "2025-03",
        "method_note": "Measures reaching wide deployment. The 2026 edition reports roughly "
        "half of proof-of-concepts now reaching production.",
    },
    "RAND Corporation (2024)": {
        "publisher": "RAND Corporation",
        "url": "https://www.rand.org/pubs/research_reports/RRA2680-1.html",
        "title": "",
        "publication_date": "2024",
        "method_note": "Rests on interviews with 65 practitioners.",
    },
    "S&P Global / 451 Research (late 2024)": {
        "publisher": "S&P Global / 451 Research",
        "url": "https://www.spglobal.com/market-intelligence/en/news-insights/research/ai-experiences-rapid-adoption-but-with-mixed-outcomes-highlights-from-vote-ai-machine-learning",
        "title": "",
        "publication_date": "2024",
        "publication_date_label": "late 2024",
    },
    "McKinsey, State of AI (Nov 2025)": {
        "publisher": "McKinsey",
        "url": "https://www.mckinsey.com/capabilities/quantumblack/our-insights/the-state-of-ai",
        "title": "State of AI",
        "publication_date": "2025-11",
    },
}

# The sources of claims in the guide's text, found at each publisher. Confidence that each
# is the source the client meant, for editors to confirm:
# - METR: high. The study's own page; 16 experienced developers, 19% slower with AI tools.
# - Stack Overflow: high. The survey's AI section, where 66% name "AI solutions that are
#   almost right, but not quite" as their biggest frustration.
# - IDC / Lenovo 2026: medium. Lenovo's press release for the 2026 playbook, which IDC
#   researched: nearly half of AI proofs-of-concept have moved into production. The month
#   of publication is not confirmed, so the date is the edition's year.
# - ZenML: medium. Its analysis of its LLMOps Database is where other writers attribute the
#   quotation "50 prototypes, but zero systems handling real traffic"; the page itself could
#   not be read here.
# - "The hardest unsolved problem": not found. Several blog posts use the phrase of AI
#   evaluation; none could be shown to be the industry analysis the guide quotes, so the
#   claim stays uncited and is marked as needing a source (CITED_PASSAGES below).
SOURCES.update(
    {
        "METR (Jul 2025)": {
            "publisher": "METR",
            "url": "https://metr.org/blog/2025-07-10-early-2025-ai-experienced-os-dev-study/",
            "title": "Measuring the Impact of Early-2025 AI on Experienced Open-Source "
            "Developer Productivity",
            "publication_date": "2025-07-10",
            "method_note": "A randomized controlled trial: 16 experienced open-source developers, "
            "246 tasks in mature repositories they know well. Allowed AI tools, they took 19% "
            "longer, though they expected to be faster.",
        },
        "Stack Overflow (Jul 2025)": {
            "publisher": "Stack Overflow",
            "url": "https://survey.stackoverflow.co/2025/ai",
            "title": "2025 Developer Survey",
            "publication_date": "2025-07",
            "method_note": "An annual survey of about 49,000 developers. The 66% is the share "
            "naming “AI solutions that are almost right, but not quite” as a frustration.",
        },
        "IDC / Lenovo CIO Playbook (2026)": {
            "publisher": "IDC / Lenovo",
            "url": "https://news.lenovo.com/pressroom/press-releases/research-reveals-ai-is-paying-off-cios-arent-ready/",
            "title": "CIO Playbook 2026: The Race for Enterprise AI",
            "cited_as": "IDC / Lenovo CIO Playbook: The Race for Enterprise AI",
            "publication_date": "2026",
            "method_note": "A survey of IT and business decision makers, researched by IDC for "
            "Lenovo. Reports nearly half of AI proofs-of-concept moved into production.",
        },
        "ZenML (Dec 2025)": {
            "publisher": "ZenML",
            "url": "https://www.zenml.io/blog/what-1200-production-deployments-reveal-about-llmops-in-2025",
            "title": "What 1,200 Production Deployments Reveal About LLMOps in 2025",
            "publication_date": "2025-12",
            "method_note": "An analysis of the LLMOps Database, a curated collection of "
            "public write-ups of production LLM systems.",
        },
    }
)

# Passages of the guide that make a claim from a source, found by a phrase of the seed. The
# loader makes each a passage with citations (a cited paragraph, or a list item with
# citations): each is a source (a key of SOURCES) and its claim, the words of the passage
# it backs, after which its citation link shows. A claim whose source was not found keeps
# `needs_source`, in the guide's own words; the checks before publishing and the content
# plan report list it until an editor finds one.
CITED_PASSAGES = [
    {
        "phrase": "the hardest unsolved problem",
        "citations": [],
        "needs_source": "evaluation is “the hardest unsolved problem” in operating these "
        "systems (“one industry analysis”)",
    },
    {
        # "Read these carefully": each study at its own claim. The 88% is the statistics
        # table's row from the 2025 playbook; "roughly half" is the 2026 edition's.
        "phrase": "Read these carefully",
        "citations": [
            (
                "MIT NANDA, State of AI in Business (Jul 2025)",
                "a directionally accurate snapshot rather than a definitive market analysis",
            ),
            (
                "IDC / Lenovo CIO Playbook (Mar 2025)",
                "The IDC/Lenovo 88% measures reaching wide deployment",
            ),
            (
                "IDC / Lenovo CIO Playbook (2026)",
                "roughly half of proof-of-concepts now reaching production, up sharply from a "
                "year earlier",
            ),
            ("RAND Corporation (2024)", "rests on interviews with 65 practitioners"),
        ],
    },
    {
        # The guide gives both quotations to "one engineering analysis"; the research note
        # above ties the first of them to ZenML.
        "phrase": "50 prototypes, but zero systems",
        "citations": [
            (
                "ZenML (Dec 2025)",
                "“often have 50 prototypes, but zero systems handling real traffic,” and the "
                "gap “isn’t technical capability — it’s operational maturity.”",
            ),
        ],
    },
    {
        "phrase": "19% slower",
        "citations": [
            (
                "METR (Jul 2025)",
                "experienced developers were actually about 19% slower on mature codebases "
                "when using AI tools, even though they expected to be faster",
            ),
            (
                "Stack Overflow (Jul 2025)",
                "the single biggest frustration, cited by two-thirds of respondents, was AI "
                "output that’s “almost right, but not quite.”",
            ),
        ],
    },
]

STATISTIC_ANCHORS = [
    "genai-pilots-zero-pl-return",
    "ai-pocs-not-reaching-wide-deployment",
    "ai-projects-that-fail",
    "enterprises-abandoning-ai-initiatives",
    "enterprise-ebit-impact-from-ai",
]
STATISTICS_CAPTION = "The pilot-to-production gap: independent findings, side by side"

GUIDE_HEADINGS = [
    "What is a fractional AI CTO?",
    "Fractional AI CTO vs a generalist fractional CTO",
    "When do you need a fractional AI CTO?",
    "What does a fractional AI CTO actually do?",
    "Advise or build: why shipping AI is the hard part",
    "Working with Truvisory",
]
FAQ_HEADING = "Frequently asked"  # the seed's line that starts its questions
# ...which the site heads as it names them everywhere else (the FAQ page, the contents).
FAQ_SECTION_HEADING = "Frequently asked questions"

# The guide's calls to action: one at the end of the section where a reader recognises
# their problem, with the self-assessment beside it, and one that closes the guide and
# carries the seed's own closing line, word for word, with its link.
GUIDE_CALLS_TO_ACTION = {
    "first": {
        "before_heading": "What does a fractional AI CTO actually do?",
        "heading": "Recognise one of these triggers?",
        "text": "<p>Tell us where things stand.</p>",
        "link_text": "Talk to Truvisory",
        "secondary_text": "Not sure? Take the self-assessment",
    },
    "closing": {
        "line_starts": "If you have an AI pilot that won’t ship",
        "heading": "Talk to Truvisory",
        "link_text": "Get in touch",
    },
}

# Phrases of the guide that refer to another page, with the page each one links to.
CROSS_REFERENCES = [
    ("the pillar guide", "fractional-cto"),
    ("fractional CAIO vs fractional CTO", "caio-vs-cto"),
    ("why AI pilots fail", "why-ai-pilots-fail"),
    ("the fractional CTO who actually ships", "cto-who-ships"),
    ("what a fractional CTO ships in 90 days", "ships-in-90-days"),
    ("Cloudflare and", "cloudflare", "Cloudflare"),
    ("AI agents clusters", "ai-agents", "AI agents"),
    ("the federal practice", "federal"),
    ("how Truvisory’s fractional CTO engagements work", "engagements"),
]

# Answers written only from what the guide says. Where it defers to another page,
# the answer says so and links it. A question with None is awaiting an answer: kept for the
# editors (the content plan lists it), and shown nowhere until an editor writes one.
FAQ_ANSWERS = {
    "What is a fractional AI CTO?": (
        "<p>A part-time, senior technology leader whose core expertise is building and "
        "shipping AI systems: model and data architecture, LLM, RAG, and agent design, the "
        "evaluation and cost discipline that keeps AI in production, and the build-vs-buy "
        "calls underneath all of it. Their focus is the gap between a demo that works and a "
        "system that ships.</p>"
    ),
    "How is a fractional AI CTO different from a regular fractional CTO?": (
        "<p>The difference is focus. A generalist fractional CTO owns technology strategy, "
        "architecture, hiring, vendors, and the board conversation across your whole stack, "
        "and treats AI as one capability among many. A fractional AI CTO’s center of gravity "
        "is the AI, with competencies a generalist usually hasn’t had to develop: LLM, RAG, "
        "and agent architecture; model selection and build-vs-buy; evaluation and "
        "observability; inference cost control; data and vector infrastructure; and AI "
        "governance and risk. The broader role is covered in [[fractional-cto|the pillar "
        "guide]].</p>"
    ),
    "When do I need a fractional AI CTO?": (
        "<p>When an AI feature or product is on the roadmap with no senior technical owner; "
        "when a pilot demos well but won’t ship; when you’re facing an AI build-vs-buy "
        "decision you can’t confidently make; when data or ML infrastructure choices are "
        "looming; when board or investor pressure to “have an AI story” has arrived; or when "
        "AI governance and risk are starting to surface. The most common trigger is the pilot "
        "that impressed everyone and then stalled.</p>"
    ),
    "What does a fractional AI CTO actually do?": (
        "<p>Sets the AI and data architecture and the model strategy; designs the RAG or agent "
        "system; stands up the evaluation, observability, and cost controls that make the "
        "system operable; makes the build-vs-buy calls; hires and leads the AI engineers; and "
        "translates all of it for the board and investors. A fractional AI CTO is not your "
        "full-time ML-engineering capacity, not the person grinding the daily model-tuning "
        "queue, and not a full-time research lead.</p>"
    ),
    # The seed gives no answer, and neither the guide nor any live page says what one costs:
    # held back as awaiting an answer (None) until an editor writes one.
    "What does a fractional AI CTO cost?": None,
    "Do fractional AI CTOs build, or just advise?": (
        "<p>Most fractional CTOs are advisory by design: they make decisions and set direction "
        "but don’t write code. For AI the distance between advising and shipping is unusually "
        "wide, because a demo is easy and a production system isn’t: it needs evaluation "
        "harnesses, guardrails, fallback routing, caching, and monitoring before it can be "
        "trusted in front of customers. An advisor can tell you that; someone build-capable "
        "can do it. The general version of the question is covered in "
        "[[cto-who-ships|the fractional CTO who actually ships]].</p>"
    ),
    "Fractional AI CTO vs Chief AI Officer (CAIO) — what's the difference?": (
        "<p>A fractional AI CTO owns the technical side of AI: how the system is architected, "
        "which models it uses and why, how it’s evaluated and monitored, what it costs to run, "
        "and how it gets from a working demo to real traffic. A fractional Chief AI Officer "
        "typically sits higher and is more strategic: AI strategy, governance, adoption, and "
        "board reporting. At a small company the two roles often collapse into one person; "
        "what matters is knowing which set of problems you need solved. The comparison gets "
        "its own treatment in [[caio-vs-cto|fractional CAIO vs fractional CTO]].</p>"
    ),
    "Fractional AI CTO vs an AI consultant or agency — what's the difference?": (
        "<p>This guide doesn’t compare them line by line; its argument is about ownership. The "
        "failures behind stalled pilots are organizational, not model-quality: unclear "
        "objectives, no named production owner, data never tested against production-messy "
        "inputs, no go/no-go discipline. Most of those gaps close when one senior, accountable "
        "technical owner is on the hook for getting the system into production, and a "
        "build-capable one also removes the advise-then-handoff seam where most pilots "
        "stall.</p>"
    ),
    "Can a fractional AI CTO actually ship production AI?": (
        "<p>A build-capable one can, and for AI the doing is where pilots die. Wrapping an "
        "interface around a model API takes an afternoon; turning it into a reliable, "
        "observable, cost-controlled system that handles real traffic takes a quarter. AI "
        "coding tools help in experienced hands but have not turned one person into a whole "
        "engineering org: senior judgment is still the binding constraint. What shipping looks "
        "like in practice is laid out in [[ships-in-90-days|what a fractional CTO ships in 90 "
        "days]].</p>"
    ),
    "How is this different from hiring an AI agency?": (
        "<p>Truvisory’s model is one senior operator who picks the stack, writes the code, and "
        "ships production AI, delivered as an embedded fractional CTO or on fixed-scope 90-day "
        "sprints. The case for it is structural: a single accountable operator who both "
        "decides and ships removes the advise-then-handoff seam where most pilots stall. "
        "Truvisory is a brand-new firm with no client roster or past-performance claims; the "
        "argument is the structural fit, not a track record. See "
        "[[engagements|how Truvisory’s fractional CTO engagements work]].</p>"
    ),
}

# What /faq/ shows under each question, linked to the full answer on the guide: the answer
# summed up in other words than the guide's, so that the full answer has one home. Nothing
# here goes beyond what the answer says.
FAQ_SHORT_ANSWERS = {
    "What is a fractional AI CTO?": "Senior, part-time technology leadership for AI, whose "
    "focus is turning a working demo into a system that ships.",
    "How is a fractional AI CTO different from a regular fractional CTO?": "Focus. A "
    "generalist owns the whole stack, with AI as one part of it; a fractional AI CTO puts the "
    "AI at the center.",
    "When do I need a fractional AI CTO?": "When AI work has no senior technical owner, and "
    "above all when a pilot that impressed everyone has stalled.",
    "What does a fractional AI CTO actually do?": "Owns the AI architecture, model strategy, "
    "evaluation and cost controls, build-vs-buy calls and AI hiring, and translates them for "
    "the board.",
    "Do fractional AI CTOs build, or just advise?": "Most just advise. A build-capable one "
    "also builds, and for AI, shipping is the hard part.",
    "Fractional AI CTO vs Chief AI Officer (CAIO) — what's the difference?": "The AI CTO owns "
    "how the AI system is architected and run; a fractional CAIO sits higher, on strategy, "
    "governance and adoption.",
    "Fractional AI CTO vs an AI consultant or agency — what's the difference?": "Ownership: "
    "one accountable senior owner who takes the system to production, with no handoff between "
    "advice and build.",
    "Can a fractional AI CTO actually ship production AI?": "A build-capable one can, though "
    "turning a demo into a reliable system takes a quarter, not an afternoon.",
    "How is this different from hiring an AI agency?": "Truvisory is a single operator who "
    "makes the decisions and writes the code, embedded or in fixed-scope 90-day sprints.",
}

HOME = {
    "title": "Truvisory",
    "summary": "A build-capable, AI-native fractional CTO firm.",
    # Who it is for and what they get, at a glance, in the seed's words.
    "headline": "An AI-native fractional CTO for the pilot that won’t ship",
    "introduction": (
        "<p>One senior operator who picks the stack, writes the code, and ships production AI: "
        "agents, RAG systems, and back-office automation.</p>"
    ),
    "body": [
        ("heading", "The pilot that won’t ship"),
        (
            "paragraph",
            "<p>The pilot that impressed everyone and then stalled is not bad luck. It’s the "
            "dominant pattern in enterprise AI, and the failures are organizational, not "
            "model-quality: unclear objectives, no named production owner, data never tested "
            "against production-messy inputs until too late, no go/no-go discipline.</p>"
            "<p>Most of these gaps close when one senior, accountable technical owner is on the "
            "hook for getting the thing into production. That’s the job.</p>",
        ),
        ("heading", "One senior operator who decides and ships"),
        (
            "paragraph",
            "<p>Truvisory is AI-native, build-capable, and Cloudflare-native. A single accountable "
            "operator who both decides and ships removes the advise-then-handoff seam where most "
            "pilots stall. The model also spans both the CTO and the AI-leadership layer, which "
            "most generalist fractional CTOs don’t.</p>",
        ),
        ("heading", "Two ways to engage"),
        (
            "paragraph",
            "<ul><li><b>An embedded fractional CTO</b>: one senior operator who both decides "
            "and ships.</li><li><b>A fixed-scope 90-day sprint</b>: what that looks like in "
            "practice is laid out in [[ships-in-90-days|what a fractional CTO ships in 90 "
            "days]].</li></ul><p>See [[engagements|how Truvisory’s fractional CTO engagements "
            "work]].</p>",
        ),
        ("heading", "Who runs it"),
        (
            "paragraph",
            "<p>Truvisory is run by a 25-year operator who now writes the code — combat veteran, "
            "former PE-backed operating executive, Executive MBA, hands-on software engineering — "
            "not someone claiming two decades as an AI CTO. It’s a brand-new firm, with no "
            "client roster or past-performance claims to lean on; the argument is the structural "
            "fit, not a track record.</p>"
            "<p>For regulated and federal work, Truvisory is an SBA-verified SDVOSB and is "
            "FedRAMP-aware, building on Cloudflare’s government-authorized platform where "
            "appropriate. Truvisory itself is not a FedRAMP-authorized service and isn’t "
            "CMMC-certified, and won’t claim to be.</p>",
        ),
    ],
    "featured_text": "What a fractional AI CTO is, when you need one, and what one actually "
    "does, and why shipping AI is the hard part.",
    "featured_link_text": "Do you need one? Take the self-assessment",
    "cta_heading": "Have an AI pilot that won’t ship?",
    "cta_text": "Or one you don’t want to start blind? Tell us where it stands.",
    "cta_link_text": "Talk to Truvisory",
}

# The six triggers of "When do you need a fractional AI CTO?", in the guide's order (Snippets ›
# Triggers): the contact form's reasons for getting in touch, and what the self-assessment's
# questions choose. The pilot is the one the guide calls "the recurring one".
TRIGGERS = [
    {
        "value": "roadmap",
        "label": "An AI feature or product is on the roadmap with no senior technical owner",
    },
    {"value": "pilot", "label": "A pilot demos well but won’t ship", "called_out": True},
    {"value": "build-vs-buy", "label": "An AI build-vs-buy decision"},
    {"value": "infrastructure", "label": "Data or ML infrastructure choices are looming"},
    {"value": "board", "label": "Board or investor pressure to “have an AI story”"},
    {"value": "governance", "label": "AI governance and risk are starting to surface"},
]

# The self-assessment under the guide: the six triggers of "When do you need a fractional
# AI CTO?", each with a passage of the guide about it (quoted word for word: a test checks
# each against the seed) and the anchor of the section it comes from.
ASSESSMENT = {
    "slug": "assessment",
    "title": "Do you need a fractional AI CTO?",
    "summary": "A self-assessment: the six triggers the guide names. Tick the ones that are "
    "true for you, and see what the guide says about each.",
    "introduction": (
        "<p>The triggers are specific. [[fractional-ai-cto|The guide]] names six; tick the ones "
        "that are true for you to see what it says about each, and how strong the case is.</p>"
    ),
    "form_heading": "Which of these are true for you?",
    "submit_text": "See what the guide says",
    "several_from": 3,
    # The result's verdicts, one a level: the guide's own words, which grade nothing beyond
    # "any one of these" (When do you need a fractional AI CTO?) and its reading of the gaps.
    "verdict_none": "A generalist fractional CTO is the right hire for most companies",
    "result_none": (
        "<p>What any fractional CTO does, costs, and when to hire one lives in "
        "[[fractional-cto|the pillar guide]].</p>"
    ),
    "verdict_some": "You likely need AI-native technical leadership",
    "result_some": "<p>The guide says so when any one of these triggers is true.</p>",
    "verdict_several": (
        "You likely need AI-native technical leadership: one senior, accountable technical owner"
    ),
    "result_several": (
        "<p>The guide says so when any one of these triggers is true. Its leadership reading: "
        "most of these gaps close when one senior, accountable technical owner is on the hook "
        "for getting the thing into production. That’s the job.</p>"
    ),
    "cta_heading": "Talk to Truvisory",
    "cta_text": "The triggers you ticked go into your message, for you to change before you send it.",
    "cta_link_text": "Talk to Truvisory",
    "questions": [
        {
            "trigger": "roadmap",
            "question": "An AI feature or product is on the roadmap with no senior technical owner",
            "guide_says": "The leadership reading of it is simpler: most of these gaps close when "
            "one senior, accountable technical owner is on the hook for getting the thing into "
            "production. That’s the job.",
            "section": "when-do-you-need-a-fractional-ai-cto",
        },
        {
            "trigger": "pilot",
            "question": "A pilot demos well but won’t ship",
            "guide_says": "The reason is that a demo is genuinely easy and a production system "
            "genuinely isn’t. Wrapping an interface around a model API takes an afternoon; "
            "turning that into a reliable, observable, cost-controlled system that handles real "
            "traffic takes a quarter.",
            "section": "advise-or-build-why-shipping-ai-is-the-hard-part",
            "callout": "The guide calls this the recurring one, the reason most of these calls "
            "get made: the pilot that impressed everyone and then stalled. That stall is not "
            "bad luck. It’s the dominant pattern in enterprise AI.",
        },
        {
            "trigger": "build-vs-buy",
            "question": "You’re facing an AI build-vs-buy decision you can’t confidently make",
            "guide_says": "Model selection and build-vs-buy — the call between a "
            "foundation-model API, fine-tuning, retrieval-augmented generation, and an "
            "off-the-shelf product, each with different cost, control, and maintenance "
            "consequences.",
            "section": "fractional-ai-cto-vs-a-generalist-fractional-cto",
        },
        {
            "trigger": "infrastructure",
            "question": "Data or ML infrastructure choices are looming",
            "guide_says": "Data and vector infrastructure — embeddings, vector databases, and "
            "the data pipelines that feed retrieval.",
            "section": "fractional-ai-cto-vs-a-generalist-fractional-cto",
        },
        {
            "trigger": "board",
            "question": "Board or investor pressure to “have an AI story” has arrived",
            "guide_says": "Concretely: sets the AI and data architecture and the model "
            "strategy; designs the RAG or agent system; stands up the evaluation, "
            "observability, and cost controls that make the system operable; makes the "
            "build-vs-buy calls; hires and leads the AI engineers; and translates all of it "
            "for the board and investors.",
            "section": "what-does-a-fractional-ai-cto-actually-do",
        },
        {
            "trigger": "governance",
            "question": "AI governance and risk are starting to surface",
            "guide_says": "AI governance and risk — guardrails, output validation, and decision "
            "logging, which matter more the more regulated you are.",
            "section": "fractional-ai-cto-vs-a-generalist-fractional-cto",
        },
    ],
}

# What search results show for each live page: a title of at most 60 characters and a
# description of 110 to 160, each unique, in the seed's own words. (The engagements page's
# own title, with " | Truvisory", is already short enough.)
SEARCH_APPEARANCE = {
    "privacy": privacy.SEARCH_APPEARANCE,
    "home": {
        "seo_title": "Truvisory: a build-capable, AI-native fractional CTO firm",
        "search_description": "Truvisory is AI-native, build-capable, and Cloudflare-native: "
        "one senior operator who picks the stack, writes the code, and ships production AI.",
    },
    "guides": {
        "seo_title": "Guides to fractional CTO work and production AI | Truvisory",
        "search_description": "Long-form guides to fractional technology leadership and "
        "shipping production AI, starting with what a fractional AI CTO is and when you need one.",
    },
    # The pillar's text is an introduction and its list of clusters, no more: it promises
    # nothing it does not give (no cost, no hiring advice), and it starts hidden from search
    # engines until it is complete (PAGES below).
    "fractional-cto": {
        "seo_title": "The fractional CTO guide | Truvisory",
        "search_description": "The broader guide to the fractional CTO role, and the guides "
        "that go deeper on specific questions, starting with the AI-native version of the role.",
    },
    "fractional-ai-cto": {
        "seo_title": "Fractional AI CTO: What It Is, When You Need One | Truvisory",
        "search_description": "A part-time, senior technology leader whose core expertise is "
        "building and shipping AI systems, and the gap between a demo that works and a system "
        "that ships.",
    },
    "about": {
        "seo_title": "About Truvisory: the operator behind the guides",
        "search_description": "Truvisory is run by a 25-year operator who now writes the code, "
        "not someone claiming two decades as an AI CTO. It’s a brand-new firm, with no client "
        "roster.",
    },
    "author": {
        "search_description": "A 25-year operator who now writes the code: combat veteran, "
        "former PE-backed operating executive, Executive MBA, hands-on software engineering.",
    },
    "engagements": {
        "search_description": "An embedded fractional CTO, or a fixed-scope 90-day sprint: how "
        "Truvisory ships production AI, from agents and RAG systems to back-office automation.",
    },
    "faq": {
        "seo_title": "Fractional AI CTO: frequently asked questions | Truvisory",
        "search_description": "Every question answered in Truvisory’s guides, each with a short "
        "answer and a link to the full answer: what a fractional AI CTO is, when you need one.",
    },
    "assessment": {
        "seo_title": "Do you need a fractional AI CTO? A self-assessment",
        "search_description": "The six triggers the guide names, from a pilot that demos well "
        "but won’t ship to board pressure: tick the ones that are true for you and see what "
        "it says.",
    },
    "evidence": {
        "seo_title": "Evidence: every statistic and source on the site | Truvisory",
        "search_description": "Every statistic quoted on this site and every source it cites, "
        "with how each was measured, what it does not show and when it was last verified.",
    },
    "contact": {
        "seo_title": "Contact Truvisory about an AI pilot that won’t ship",
        "search_description": "Have an AI pilot that won’t ship, or one you don’t want to start "
        "blind? Tell Truvisory: one senior operator who picks the stack, writes the code, and "
        "ships.",
    },
}

# The pages in the header's and footer's menus ("Show in menus"), by key, with a menu label
# where the page's title is too long for a menu (blank: the title). Their order is the page
# tree's, which is the order of PAGES.
MENU = {"guides": "", "engagements": "Engagements", "faq": "FAQ", "contact": ""}

# The site settings' page choosers, set to the page of this key when the loader makes it.
SETTINGS_PAGES = {"privacy_page": "privacy"}

# key: (parent key, model, slug, title, summary, live, extra fields)
# The evidence page says only what it is, the same on every site built from a spec (the
# tests' site uses it too).
EVIDENCE_PAGE = (
    "evidence",
    "home",
    "guides.EvidencePage",
    "evidence",
    "Evidence",
    "Every statistic and cited source on this site, with how each was measured, its "
    "caveats, when it was last verified and the pages that use it.",
    True,
    {
        "introduction": "<p>Every statistic quoted on this site and every source it "
        "cites: how each source measured what it reports, what each figure does not show, "
        "when it was last verified against its source, and the pages that use it.</p>"
    },
)

PAGES = [
    (
        "guides",
        "home",
        "guides.GuideIndexPage",
        "guides",
        "Guides",
        "Long-form guides to fractional technology leadership and shipping production AI.",
        True,
        {},
    ),
    # Before the guides: their bylines link to the AUTHOR's profile page under it.
    (
        "about",
        "home",
        "guides.ProfileIndexPage",
        "about",
        "About",
        "Who runs Truvisory and writes its guides.",
        True,
        {
            "introduction": "<p>Truvisory is run by a 25-year operator who now writes the code, "
            "not someone claiming two decades as an AI CTO. It’s a brand-new firm, with no client "
            "roster or past-performance claims to lean on; the argument is the structural fit, "
            "not a track record.</p>"
        },
    ),
    (
        "fractional-cto",
        "guides",
        "guides.GuidePage",
        "fractional-cto",
        "The fractional CTO guide",
        "The broader guide to the fractional CTO role, starting with the AI-native version of "
        "the role.",
        True,
        {
            "body": [
                (
                    "paragraph",
                    "<p>This is the broader guide to the fractional CTO role. The guides below "
                    "go deeper on specific questions, starting with the AI-native version of the "
                    "role.</p>",
                )
            ],
            "noindex": True,
        },
    ),
    (
        "caio-vs-cto",
        "fractional-cto",
        "guides.GuidePage",
        "fractional-caio-vs-fractional-cto",
        "Fractional CAIO vs fractional CTO",
        "How a fractional Chief AI Officer differs from a fractional CTO, and which problems "
        "each one solves.",
        False,
        {},
    ),
    (
        "why-ai-pilots-fail",
        "fractional-cto",
        "guides.GuidePage",
        "why-ai-pilots-fail",
        "Why AI pilots fail",
        "The mid-market version of why AI pilots stall, and how to avoid joining the statistic.",
        False,
        {},
    ),
    (
        "cto-who-ships",
        "fractional-cto",
        "guides.GuidePage",
        "fractional-cto-who-ships",
        "The fractional CTO who actually ships",
        "The advisory-vs-build question for the fractional CTO role.",
        False,
        {},
    ),
    (
        "ships-in-90-days",
        "fractional-cto",
        "guides.GuidePage",
        "what-a-fractional-cto-ships-in-90-days",
        "What a fractional CTO ships in 90 days",
        "What a fixed-scope 90-day sprint looks like in practice.",
        False,
        {},
    ),
    (
        "cloudflare",
        "guides",
        "guides.GuidePage",
        "cloudflare",
        "Cloudflare",
        "Workers AI, AI Gateway, Vectorize, and Durable Objects: the engineering depth behind "
        "Cloudflare-native AI.",
        False,
        {},
    ),
    (
        "ai-agents",
        "guides",
        "guides.GuidePage",
        "ai-agents",
        "AI agents",
        "Designing and shipping AI agents.",
        False,
        {},
    ),
    (
        "federal",
        "home",
        "pages.StandardPage",
        "federal",
        "The federal practice",
        "Truvisory’s SDVOSB and federal work.",
        False,
        {},
    ),
    (
        "engagements",
        "home",
        "pages.StandardPage",
        "engagements",
        "How Truvisory’s fractional CTO engagements work",
        "An embedded fractional CTO, or a fixed-scope 90-day sprint.",
        True,
        {
            "body": [
                (
                    "paragraph",
                    "<p>Truvisory is AI-native, build-capable, and Cloudflare-native. The "
                    "model is one senior operator who picks the stack, writes the code, and ships "
                    "production AI: agents, RAG systems, and back-office automation.</p>",
                ),
                ("heading", "Two ways to work together"),
                (
                    "paragraph",
                    "<ul><li><b>An embedded fractional CTO</b>: one senior operator who "
                    "both decides and ships.</li><li><b>A fixed-scope 90-day sprint</b>: what that "
                    "looks like in practice is laid out in [[ships-in-90-days|what a fractional CTO "
                    "ships in 90 days]].</li></ul>",
                ),
                ("heading", "Why one accountable operator"),
                (
                    "paragraph",
                    "<p>The prototype-to-production gap is fundamentally an "
                    "ownership-and-execution problem, and a single accountable operator who both "
                    "decides and ships removes the advise-then-handoff seam where most pilots stall. "
                    "The model also spans both the CTO and the AI-leadership layer, which most "
                    "generalist fractional CTOs don’t.</p>",
                ),
                ("heading", "Stated plainly"),
                (
                    "paragraph",
                    "<p>Truvisory is run by a 25-year operator who now writes the code: "
                    "combat veteran, former PE-backed operating executive, Executive MBA, hands-on "
                    "software engineering. It’s a brand-new firm, with no client roster or "
                    "past-performance claims to lean on; the argument is the structural fit, not a "
                    "track record.</p><p>For regulated and federal work, Truvisory is an SBA-verified "
                    "SDVOSB and is FedRAMP-aware, building on Cloudflare’s government-authorized "
                    "platform where appropriate. Truvisory itself is not a FedRAMP-authorized service "
                    "and isn’t CMMC-certified, and won’t claim to be. The SDVOSB and federal "
                    "angle is covered in [[federal|the federal practice]].</p>",
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Have an AI pilot that won’t ship?",
                        "text": "<p>Or one you don’t want to start blind? Tell us about it.</p>",
                        "link_text": "Talk to Truvisory",
                    },
                ),
            ]
        },
    ),
    (
        "faq",
        "home",
        "guides.FaqIndexPage",
        "faq",
        "Frequently asked questions",
        "Every question answered in Truvisory’s guides, grouped by guide, each with a short "
        "answer and a link to the full answer on its guide.",
        True,
        {},
    ),
    EVIDENCE_PAGE,
    (
        "contact",
        "home",
        "pages.ContactPage",
        "contact",
        "Contact",
        "Tell us about the AI pilot that won’t ship, or the one you don’t want to start blind.",
        True,
        {
            "introduction": "<p>Tell us what prompted you to get in touch and where things stand. "
            "Every message is read by the operator who would do the work.</p>",
            "thank_you_text": "<p>Thank you. Your message has been received, and you will hear "
            "back by email.</p>",
        },
    ),
    privacy.PAGE,
    (
        "fractional-ai-cto",
        "fractional-cto",
        "guides.GuidePage",
        "fractional-ai-cto",
        None,
        "What a fractional AI CTO is, when you need one, and what one actually does.",
        True,
        {"related": ["cto-who-ships", "why-ai-pilots-fail", "cloudflare", "ai-agents"]},
    ),
]
