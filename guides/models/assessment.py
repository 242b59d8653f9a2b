"""The self-assessment under a guide: one checkbox a trigger the guide names, and a result
that quotes the guide on each ticked one. Sent with GET (docs/architecture.md says why)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.http import urlencode
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from pages.models import BasePage, RoutableBasePage, Trigger

# Longer than any query the form can make (six triggers come to about 150 characters).
MAX_QUERY_LENGTH = 1000
BAD_ANSWERS = (
    "Those answers don’t match this form’s questions (they may have changed since the link "
    "was made). Tick the ones that are true for you and send the form again."
)
TOO_LONG = (
    "That address is longer than any answer to this form. Tick the ones that are true for "
    "you and send the form again."
)
# The rich text of the page: a few sentences each, without lists or headings.
INLINE_FEATURES = ["bold", "italic", "link"]
NOT_A_GET = "This form is answered from this page. Tick the ones that are true for you and send it."


class AssessmentForm(forms.Form):
    """One checkbox a question; only this page's triggers are valid answers."""

    triggers = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": BAD_ANSWERS, "invalid_list": BAD_ANSWERS},
    )

    def __init__(self, *args, questions, legend, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        field = self.fields["triggers"]
        field.choices = [(question.trigger_id, question.question) for question in questions]
        field.label = legend


class AssessmentPage(RoutableBasePage):
    """“Do you need a fractional AI CTO?”: questions on the guide's triggers, and a verdict."""

    # The result is a route of this page, so its content can never come from the form's
    # kept fragment. The form itself is still kept whole by the page cache.
    fragment_cacheable = False
    # The answers: the result shows them, and "Change your answers" ticks them on the form.
    cache_query_parameters = ("triggers",)

    introduction = RichTextField(features=INLINE_FEATURES, blank=True)
    form_heading = models.CharField(
        "Question", max_length=120, default="Which of these are true for you?"
    )
    submit_text = models.CharField("Button text", max_length=60, default="See what the guide says")
    several_from = models.PositiveSmallIntegerField(
        "“Several” from",
        default=3,
        help_text="How many ticked triggers make the case “several”. One or more below this "
        "is “some”.",
    )
    verdict_none = models.CharField(
        "Verdict when none is ticked",
        max_length=200,
        help_text="The result’s heading: what the guide’s reading is for a reader who ticked "
        "none of the triggers.",
    )
    result_none = RichTextField("When none is ticked", features=INLINE_FEATURES, blank=True)
    verdict_some = models.CharField(
        "Verdict when some are ticked",
        max_length=200,
        help_text="The result’s heading when one or more triggers are ticked, fewer than "
        "“several”.",
    )
    result_some = RichTextField("When some are ticked", features=INLINE_FEATURES, blank=True)
    verdict_several = models.CharField(
        "Verdict when several are ticked",
        max_length=200,
        help_text="The result’s heading when “several” or more triggers are ticked.",
    )
    result_several = RichTextField("When several are ticked", features=INLINE_FEATURES, blank=True)
    cta_heading = models.CharField("Call to action heading", max_length=120, default="Get in touch")
    cta_text = models.TextField(
        "Call to action text",
        blank=True,
        help_text="Under the heading, when at least one trigger is ticked (the triggers ticked "
        "go into the contact form’s message).",
    )
    cta_link_text = models.CharField("Button text", max_length=60, default="Get in touch")

    content_panels = [
        *BasePage.content_panels,
        "introduction",
        MultiFieldPanel(["form_heading", "submit_text"], "The form"),
        InlinePanel("questions", heading="Questions", label="Question", min_num=1),
        MultiFieldPanel(
            [
                "several_from",
                "verdict_none",
                "result_none",
                "verdict_some",
                "result_some",
                "verdict_several",
                "result_several",
            ],
            "How strong the case is",
        ),
        MultiFieldPanel(
            ["cta_heading", "cta_text", "cta_link_text"], "Call to action on the result"
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.RelatedFields("questions", [index.SearchField("question")]),
    ]
    parent_page_types = ["guides.GuidePage"]
    subpage_types = []
    max_count_per_parent = 1

    def clean(self):
        super().clean()
        triggers = [question.trigger_id for question in self.questions.all()]
        if len(triggers) != len(set(triggers)):
            raise ValidationError("Each trigger can have one question only.")

    def search_texts(self):
        questions = [("body", question.question) for question in self.questions.all()]
        return [*super().search_texts(), *questions]

    @cached_property
    def question_list(self):
        return list(self.questions.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["form_url"] = self.get_url(request)
        context["result_url"] = context["form_url"] + self.reverse_subpage("result")
        return context

    def form(self, data=None, initial=None):
        return AssessmentForm(
            data, initial=initial, questions=self.question_list, legend=self.form_heading
        )

    def serve(self, request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return super().serve(request, *args, **kwargs)
        response = self.render_page(request, form=self.form(), message=NOT_A_GET, status=405)
        response["Allow"] = "GET, HEAD"
        return response

    @path("")
    def form_view(self, request):
        # "Change your answers" links here with the answers ticked (unknown ones tick nothing).
        ticked = request.GET.getlist("triggers")
        return self.render_page(request, form=self.form(initial={"triggers": ticked}))

    @path("result/", name="result")
    def result_view(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
            return self.render_page(request, form=self.form(), message=TOO_LONG, status=400)
        form = self.form(request.GET)
        if not form.is_valid():
            return self.render_page(request, form=form, status=400)
        ticked = set(form.cleaned_data["triggers"])
        answers = [question for question in self.question_list if question.trigger_id in ticked]
        # The trigger the guide calls out (its recurring one) comes first.
        called_out = set(Trigger.objects.filter(called_out=True).values_list("value", flat=True))
        answers.sort(key=lambda question: question.trigger_id not in called_out)
        guide = self.get_parent().specific
        sections = {entry["anchor"]: entry["text"] for entry in guide.table_of_contents()}
        for question in answers:
            question.section_title = sections.get(question.section)
        triggers = [question.trigger_id for question in answers]
        several = bool(answers) and len(answers) >= self.several_from
        strength = "several" if several else "some" if answers else "none"
        response = self.render_page(
            request,
            template="guides/assessment_result.html",
            noindex=True,
            answers=answers,
            strength=strength,
            verdict=getattr(self, f"verdict_{strength}"),
            strength_text=getattr(self, f"result_{strength}"),
            question_count=len(self.question_list),
            triggers=triggers,
            guide_url=guide.get_url(request),
            answers_query=urlencode({"triggers": triggers}, doseq=True),
        )
        in_order = [question.trigger_id for question in self.question_list if question in answers]
        if request.GET.getlist("triggers") != in_order:
            # The answers in another order, or one twice: shown, but never kept in a shared
            # cache, so that links made up by hand cannot fill it. The form sends them in
            # the questions' order, once each: one kept page per set of answers.
            patch_cache_control(response, private=True)
        return response

    def render_page(self, request, template=None, status=200, **kwargs):
        response = super().render_page(request, template, status=status, **kwargs)
        if status != 200:
            patch_cache_control(response, no_cache=True)
        return response


class AssessmentQuestion(Orderable):
    """One question of a self-assessment: a trigger, and the guide's passage the result quotes."""

    page = ParentalKey(AssessmentPage, on_delete=models.CASCADE, related_name="questions")
    # By its short name, which the result's links and stored leads carry; the column holds
    # it as it did before the triggers were editors' rows.
    trigger = models.ForeignKey(
        Trigger,
        to_field="value",
        db_column="trigger",
        on_delete=models.PROTECT,
        related_name="questions",
        help_text="Which of the guide’s triggers this is (Snippets › Triggers). It is carried "
        "to the contact form and stored with the message.",
    )
    question = models.CharField(
        max_length=200, help_text="The checkbox’s text, as the visitor reads it."
    )
    guide_says = models.TextField(
        "What the guide says",
        help_text="A passage of the guide about this trigger, in the guide’s own words: the "
        "result quotes it.",
    )
    section = models.CharField(
        "Guide section",
        max_length=80,
        blank=True,
        help_text="The anchor of the guide’s section the passage comes from, such as "
        "when-do-you-need-a-fractional-ai-cto. The result links to it.",
    )
    callout = models.TextField(
        "Called out",
        blank=True,
        help_text="Optional. Set apart when this trigger is ticked: for the trigger the guide "
        "calls the recurring one (marked so in Snippets › Triggers, which shows it first).",
    )

    panels = [
        # A list of the triggers' labels, whose values are the short names the column holds.
        FieldPanel("trigger", widget=forms.Select),
        "question",
        "guide_says",
        "section",
        "callout",
    ]

    def __str__(self):
        return self.question
