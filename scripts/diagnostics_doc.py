"""Write docs/diagnostics.md from the code registry in builder/core/diagnostics.py.

python scripts/diagnostics_doc.py          # tests/test_diagnostic_codes.py checks it is current
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.core.diagnostics import registry_markdown

(Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md").write_text(registry_markdown(), encoding="utf-8")
