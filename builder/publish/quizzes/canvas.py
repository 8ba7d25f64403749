"""A QTI 1.2 package as Canvas imports it (Settings > Import Course Content > QTI .zip file).

Written with the standard library's XML writer, because no library fits: text2qti (maintained)
takes Markdown, so card text would be interpreted three times (its syntax, Markdown, raw HTML
passed through) and it stamps today's date and zip times; qti-package-maker (maintained) writes
into the working directory under a time-stamped folder, prints, and pulls in five more packages.
The layout follows what Canvas exports and those tools emit: `imsmanifest.xml` naming the
assessment, the assessment itself (`multiple_choice_question` items, one `response_lid` with four
labels, a `resprocessing` that sets SCORE 100 for the right label, the citation as general
feedback) and Canvas's `assessment_meta.xml` (quiz title, answers not shuffled).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from builder.core.diagnostics import Diagnostic
from builder.core.io import deterministic_zip
from builder.core.model import Deck
from builder.publish.quizzes.fitting import html_text
from builder.publish.quizzes.questions import Question, QuizSet

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def ident(*parts: str) -> str:
    """A stable identifier (letters and digits, starting with a letter) for the same inputs."""
    return "g" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = ET.SubElement(parent, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = label
    ET.SubElement(field, "fieldentry").text = entry


def _mattext(parent: ET.Element, html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = html


def _item(section: ET.Element, q: Question, quiz_id: str) -> None:
    item_id = ident(quiz_id, q.card.id)
    labels = [ident(item_id, str(i)) for i in range(len(q.options))]
    item = ET.SubElement(section, "item", {"ident": item_id, "title": q.card.id})
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    _field(meta, "question_type", "multiple_choice_question")
    _field(meta, "points_possible", "1.0")
    _field(meta, "original_answer_ids", ",".join(labels))
    _field(meta, "assessment_question_identifierref", ident(item_id, "bank"))
    presentation = ET.SubElement(item, "presentation")
    prompt = f"{q.stem}\n{q.context}" if q.context else q.stem
    _mattext(presentation, html_text(prompt))
    response = ET.SubElement(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    choices = ET.SubElement(response, "render_choice")
    for label, option in zip(labels, q.options, strict=True):
        _mattext(ET.SubElement(choices, "response_label", {"ident": label}), html_text(option))
    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    always = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(always, "conditionvar"), "other")
    ET.SubElement(always, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    right = ET.SubElement(processing, "respcondition", {"continue": "No"})
    ET.SubElement(ET.SubElement(right, "conditionvar"), "varequal", {"respident": "response1"}).text = labels[q.correct]
    ET.SubElement(right, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    feedback = ET.SubElement(item, "itemfeedback", {"ident": "general_fb"})
    _mattext(ET.SubElement(feedback, "flow_mat"), html_text(q.feedback))


def to_qti(quiz: QuizSet, deck: Deck, spec: str = "") -> tuple[bytes, list[Diagnostic]]:
    quiz_id = ident("assessment", str(deck.info.id), spec)
    meta_id = ident(quiz_id, "meta")
    title = deck.info.name

    root = ET.Element("questestinterop", {"xmlns": QTI_NS})
    assessment = ET.SubElement(root, "assessment", {"ident": quiz_id, "title": title})
    _field(ET.SubElement(assessment, "qtimetadata"), "cc_maxattempts", "1")
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for q in quiz.questions:
        _item(section, q, quiz_id)

    manifest = ET.Element("manifest", {"identifier": ident(quiz_id, "manifest"), "xmlns": CP_NS})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(resources, "resource", {"identifier": quiz_id, "type": "imsqti_xmlv1p2"})
    ET.SubElement(resource, "file", {"href": f"{quiz_id}/{quiz_id}.xml"})
    ET.SubElement(resource, "dependency", {"identifierref": meta_id})
    dependency = ET.SubElement(
        resources,
        "resource",
        {
            "identifier": meta_id,
            "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
            "href": f"{quiz_id}/assessment_meta.xml",
        },
    )
    ET.SubElement(dependency, "file", {"href": f"{quiz_id}/assessment_meta.xml"})

    meta = ET.Element("quiz", {"identifier": quiz_id, "xmlns": CANVAS_NS})
    for tag, value in (
        ("title", title),
        ("description", html_text(f"{len(quiz.questions)} questions made by deckbuilder; every answer is cited.")),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{float(len(quiz.questions)):.1f}"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        ET.SubElement(meta, tag).text = value

    files = {
        "imsmanifest.xml": _xml(manifest),
        f"{quiz_id}/{quiz_id}.xml": _xml(root),
        f"{quiz_id}/assessment_meta.xml": _xml(meta),
    }
    return deterministic_zip(files), []
