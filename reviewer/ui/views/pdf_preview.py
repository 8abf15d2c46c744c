"""The report preview: Qt's PDF view with zoom and page navigation (QtPdf loads when first shown)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

ZOOM_STEP = 1.25


class PdfPreview(QWidget):
    """A `QPdfView` (`view`) over its own document, with zoom −/+/fit width and a page box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        self.fit_width = QPushButton()
        self.page = QSpinBox()
        self.page.setMinimum(1)
        self.pages_label = QLabel()
        for w in (self.zoom_out, self.zoom_in, self.fit_width):
            bar.addWidget(w)
        bar.addStretch(1)
        self.page_label = QLabel()
        bar.addWidget(self.page_label)
        bar.addWidget(self.page)
        bar.addWidget(self.pages_label)
        layout.addLayout(bar)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.document = QPdfDocument(self)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        self.zoom_in.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.page.valueChanged.connect(self._on_page_chosen)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_shown)
        self.retranslate()

    def retranslate(self) -> None:
        self.fit_width.setText(self.tr("Fit width"))
        self.zoom_in.setToolTip(self.tr("Zoom in"))
        self.zoom_out.setToolTip(self.tr("Zoom out"))
        self.page_label.setText(self.tr("Page"))
        self.pages_label.setText(self.tr("of %1").replace("%1", str(self.document.pageCount())))

    def load(self, path: Path) -> None:
        self.document.load(str(path))
        self.page.blockSignals(True)
        self.page.setMaximum(max(self.document.pageCount(), 1))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.retranslate()

    def zoom_by(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(self.view.zoomFactor() * factor, 0.25), 8.0))

    def _on_page_chosen(self, number: int) -> None:
        self.view.pageNavigator().jump(number - 1, QPointF(), self.view.zoomFactor())

    def _on_page_shown(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
