"""Scanned CVs: PDF pages without a text layer, and photos of printed CVs.

Read in the extraction processes, either here by OCR (RapidOCR on onnxruntime, its models
inside the wheel: nothing is downloaded) or rendered as images for a vision model, which
the import then asks (`core/services/scanned_cv.py`). Importing this package is light:
the OCR engine and PDFium load at the first scan.
"""
