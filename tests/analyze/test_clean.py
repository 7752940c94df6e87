"""Lines of a plain text: paragraphs wrapped at a fixed width joined again, a document's running headers left out,
columns padded apart read as fields."""
import textwrap

from generator.analyze import clean

PARAGRAPHS = [
    "Mali's transitional government announced on Sunday evening that it was leaving all organs of the regional "
    "force, including its joint command, with effect from the middle of the month, a spokesman said on state "
    "television in a long statement.",
    "The move leaves the five-nation grouping without the country at the centre of the conflict. Mali hosted the "
    "joint force's headquarters until an attack on its base forced its relocation to the capital in the summer.",
    "In the capital of its northern neighbour, a spokesman for the executive secretariat said the secretariat "
    "regretted the decision and hoped for a return of the country to the organisation before the next summit of "
    "its heads of state, planned for the autumn.",
]


def _wrapped(width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in PARAGRAPHS)


def test_paragraphs_wrapped_at_a_fixed_width_are_joined_again():
    for width in (72, 78):
        text = _wrapped(width)
        assert clean.wrap_width(text.split("\n")) is not None
        assert clean.split_lines(text) == PARAGRAPHS


def test_a_text_of_one_line_per_paragraph_is_not_wrapped():
    text = "\n\n".join(PARAGRAPHS + ["Short heading", "Another short line"] + PARAGRAPHS)
    assert clean.wrap_width(text.split("\n")) is None
    assert clean.split_lines(text) == PARAGRAPHS + ["Short heading", "Another short line"] + PARAGRAPHS


def test_a_heading_and_a_list_item_after_a_full_line_stay_apart():
    text = _wrapped(72).replace("\n\nThe move", "\n\n1. THE MOVE\nThe move")
    lines = clean.split_lines(text + "\n- one item of a list of things to read today")
    assert "1. THE MOVE" in lines and lines[-1] == "- one item of a list of things to read today"


def test_a_word_cut_by_a_hyphen_at_the_end_of_a_wrapped_line_is_one_again():
    lines = _wrapped(72).split("\n")
    k = next(i for i, line in enumerate(lines) if line and len(line.split()[-1]) >= 8 and lines[i + 1])
    word = lines[k].split()[-1]
    lines[k], lines[k + 1] = lines[k][:-len(word) + 4] + "-", word[4:] + " " + lines[k + 1]
    assert any(f" {word} " in f" {line} " for line in clean.split_lines("\n".join(lines)))


def test_a_documents_running_header_and_page_numbers_are_left_out():
    page = "Between Mediation and Fortification{pad}{n}\nHarbour Monitor — Report No. 31{pad}March 2019\n"
    text = "\n\n".join(page.format(pad=" " * 40, n=n) + p for n, p in enumerate(PARAGRAPHS * 2, start=2))
    lines = clean.split_lines(text)
    assert not any("Report No." in line or "Fortification" in line for line in lines)
    assert [line for line in lines if line in PARAGRAPHS] == PARAGRAPHS * 2


def test_columns_padded_apart_are_fields():
    assert clean.split_lines("Harbour Monitor — Report No. 31        March 2019") == \
        ["Harbour Monitor — Report No. 31 | March 2019"]


def test_a_list_of_references_under_its_label_is_not_the_article():
    from generator.models import BODY, FURNITURE, RawSource

    references = ['- "Callowby closes its gates for the winter storms". Harbour News. 21 April 2010. Retrieved 3 '
                  'May 2016.', '- Pellworth, J. (2012). The Dykes of Callowby: A History of the Harbour Board. '
                  'Westmarch University Press.']
    text = "\n\n".join(["Harbour board of Callowby", *PARAGRAPHS, "References", *references])
    blocks, _glued = clean.segment(RawSource("wiki.txt", text, "txt", "0" * 64))
    kinds = {b.text: b.kind for b in blocks}
    assert [kinds[r] for r in references] == [FURNITURE, FURNITURE]
    assert all(kinds[p] == BODY for p in PARAGRAPHS)
