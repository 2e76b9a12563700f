"""Text extraction from the originals a ward receives: signed, stamped
scans (PDF, JPEG, PNG) and born-digital PDFs. Pure functions, no models: the
directive's model, task, admin and search call `extract(path)`.

- `engine`: `extract`, the one entry point; file type by content, limits;
- `pdf`: a PDF page's text layer, or the page drawn for OCR (PDFium);
- `ocr`: Tesseract (`vie`) on one page image: upright, straight, with word
  confidences (`ocr_available` says whether it is installed);
- `cleaning`: NFC, spaces, broken words, running headers and page numbers;
- `results`: `Extraction`, `PageText`, the statuses and their messages.
"""

from .engine import extract
from .ocr import ocr_available
from .results import Extraction, ExtractionError, PageText

__all__ = ["Extraction", "ExtractionError", "PageText", "extract", "ocr_available"]
