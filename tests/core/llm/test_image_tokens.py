"""Image parts in a prompt are counted as OpenAI bills them, never as their base64 text."""

from __future__ import annotations

import base64
import io

from PIL import Image

from headhunter_desktop.core.llm.tokens import count_message_tokens, count_tokens, image_tokens


def page_url(width: int, height: int) -> str:
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_page_costs_its_tiles_and_gpt_4o_mini_bills_them_dearer() -> None:
    url = page_url(909, 1286)  # A4 at 110 dpi
    # Scaled to 768 x 1086: 2 x 3 tiles of 512 px, 85 + 6 x 170 = 1,105; 32-px patches:
    # 29 x 41 = 1,189, the larger.
    assert image_tokens(url, "gpt-4o") == 1_189
    assert image_tokens(url, "gpt-4o-mini") == 1_105 * 33
    assert image_tokens(page_url(4000, 6000), "gpt-4.1") == 1_536  # patches are capped


def test_a_message_with_images_counts_its_text_and_its_images() -> None:
    url = page_url(909, 1286)
    parts = [
        {"type": "text", "text": "The CV, one page:"},
        {"type": "image_url", "image_url": {"url": url, "detail": "high"}},
    ]
    counted = count_message_tokens([{"role": "user", "content": parts}], "gpt-4o")
    assert counted == 3 + 3 + count_tokens("The CV, one page:", "gpt-4o") + 1_189
    assert counted < count_tokens(url, "gpt-4o")  # not the base64 text
