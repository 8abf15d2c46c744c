"""Desktop charts drawn with QPainter from service data (matplotlib is for the report only)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#1f6fb2", "#e07b39", "#3a9a5b", "#b23a48", "#7b5ea7", "#8c6d31")


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[tuple[float, float], ...]  # (x, y); x is a decimal year
    dashed: bool = False


class LineChart(QWidget):
    """Lines over decimal years, y from zero, with a legend; empty data draws a short note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._series: list[Series] = []
        self._title = ""
        self._empty_text = ""
        self._x_range: tuple[float, float] | None = None
        self._axis_titles = ("", "")
        self._ticks: list[tuple[float, str]] | None = None
        self.log_scale = False

    def set_data(
        self,
        title: str,
        series: Sequence[Series],
        empty_text: str,
        x_range: tuple[float, float] | None = None,
        *,
        axis_titles: tuple[str, str] = ("", ""),
        ticks: Sequence[tuple[float, str]] | None = None,
        log_scale: bool = False,
    ) -> None:
        """`ticks`: (x, label) on the time axis (fiscal years); calendar years when None.
        `log_scale`: y on a log axis (powers of ten), for series of different magnitudes; points
        at or below zero are left out of the lines."""
        self._title = title
        self._series = [s for s in series if s.points]
        self._empty_text = empty_text
        self._x_range = x_range
        self._axis_titles = axis_titles
        self._ticks = None if ticks is None else list(ticks)
        self.log_scale = log_scale
        self.update()

    def _y_bounds(self) -> tuple[float, float]:
        """The y axis's bottom and top: 0 and a round ceiling, or powers of ten on a log axis."""
        ys = [y for s in self._series for _, y in s.points]
        if not self.log_scale:
            return 0.0, _nice_ceiling(max(ys) if ys else 1)
        positive = [y for y in ys if y > 0] or [1.0]
        return 10.0 ** math.floor(math.log10(min(positive))), 10.0 ** math.ceil(math.log10(max(positive)))

    def y_fraction(self, y: float) -> float:
        """Where `y` stands on the y axis, 0 at the bottom and 1 at the top."""
        low, high = self._y_bounds()
        if self.log_scale:
            if y <= 0:
                return 0.0
            return (math.log10(y) - math.log10(low)) / max(math.log10(high) - math.log10(low), 1e-9)
        return (y - low) / (high - low)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(8, 4, self.width() - 16, 22), Qt.AlignmentFlag.AlignLeft, self._title)
        p.setFont(self.font())
        plot = QRectF(72, 32, max(self.width() - 72 - 180, 50), max(self.height() - 32 - 52, 50))
        if not self._series:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self._empty_text)
            p.end()
            return
        xs = [x for s in self._series for x, _ in s.points]
        x0, x1 = self._x_range or (min(xs), max(xs))
        if x1 <= x0:
            x1 = x0 + 1
        low, high = self._y_bounds()

        def at(x: float, y: float) -> QPointF:
            return QPointF(
                plot.left() + (x - x0) / (x1 - x0) * plot.width(),
                plot.bottom() - self.y_fraction(y) * plot.height(),
            )

        grid = QPen(QColor("#d0d0d0"))
        p.setPen(grid)
        if self.log_scale:
            steps = round(math.log10(high) - math.log10(low))
            grid_ys = [low * 10.0**i for i in range(steps + 1)]
        else:
            grid_ys = [high * i / 4 for i in range(5)]
        for y in grid_ys:
            pt = at(x0, y)
            p.drawLine(QPointF(plot.left(), pt.y()), QPointF(plot.right(), pt.y()))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, pt.y() - 9, 66, 18), Qt.AlignmentFlag.AlignRight, _short(y))
            p.setPen(grid)
        p.setPen(self.palette().text().color())
        ticks = self._ticks
        if ticks is None:
            first_year, last_year = int(x0), int(x1)
            step = max(1, (last_year - first_year) // 8)
            ticks = [(float(year), str(year)) for year in range(first_year, last_year + 1, step)]
        for x, label in ticks:
            if x0 <= x <= x1:
                pt = at(x, 0)
                p.drawLine(QPointF(pt.x(), plot.bottom()), QPointF(pt.x(), plot.bottom() + 4))
                p.drawText(
                    QRectF(pt.x() - 40, plot.bottom() + 5, 80, 18), Qt.AlignmentFlag.AlignCenter, label
                )
        x_title, y_title = self._axis_titles
        if x_title:
            p.drawText(
                QRectF(plot.left(), plot.bottom() + 24, plot.width(), 18),
                Qt.AlignmentFlag.AlignCenter,
                x_title,
            )
        if y_title:
            p.save()
            p.translate(12, plot.center().y())
            p.rotate(-90)
            p.drawText(
                QRectF(-plot.height() / 2, -9, plot.height(), 18), Qt.AlignmentFlag.AlignCenter, y_title
            )
            p.restore()
        for n, s in enumerate(self._series):
            pen = QPen(QColor(PALETTE[n % len(PALETTE)]), 2)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            path = QPainterPath()
            drawing = False
            for x, y in s.points:
                if self.log_scale and y <= 0:  # no place on a log axis: the line breaks there
                    drawing = False
                    continue
                (path.lineTo if drawing else path.moveTo)(at(x, y))
                drawing = True
            p.drawPath(path)
            legend_y = plot.top() + n * 20
            p.drawLine(QPointF(plot.right() + 12, legend_y + 9), QPointF(plot.right() + 36, legend_y + 9))
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(plot.right() + 40, legend_y, 140, 18), Qt.AlignmentFlag.AlignLeft, s.label)
        p.end()


def fiscal_year_ticks(first_fy: int, last_fy: int, label: Callable[[int], str]) -> list[tuple[float, str]]:
    """A tick at the start of each fiscal year (1 April: decimal year fy + 0.25)."""
    return [(fy + 0.25, label(fy)) for fy in range(first_fy, last_fy + 1)]


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** len(str(int(value))) / 10
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return float(factor * magnitude)
    return value


def _short(value: float) -> str:
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"
