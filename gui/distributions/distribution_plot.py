"""DistributionPlot: histograms of x ~ N(μ, σ²) and of f(x), from a fresh sample."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core import activations
from core.distributions import SampleStats, sample_stats_from
from gui.background import BackgroundJob
from gui.distributions.distributions_model import DistributionsModel
from gui.models import FunctionsModel
from gui.widgets.palette import color
from gui.widgets.plot_style import describe_plot, nice_bounds, nice_ceiling, pen, style_axes
from gui.widgets.refresh_when_shown import RefreshWhenShown

BINS = 120
SYNCHRONOUS_LIMIT = 50_000  # larger samples are drawn off the GUI thread
INPUT_BRUSH = (140, 140, 140, 90)


@dataclass(frozen=True)
class Histograms:
    """One sample's histograms and its sample statistics.

    ``output_density`` describes the continuous part only: outputs exactly 0 form a point
    mass (an atom), reported in ``atoms`` as a probability. A bar chart cannot tell an atom
    from a narrow pile (Leaky ReLU squeezes half of N(0, 1) into [-0.03, 0), narrower than a
    bin), so the plot draws atoms as stems of their own.
    """

    edges: np.ndarray
    input_density: np.ndarray
    output_density: dict[str, np.ndarray]
    atoms: dict[str, float]
    stats: dict[str, SampleStats]
    size: int


@lru_cache(maxsize=2)  # the current sample and the one before: up to 80 MB at 5 million
def standard_normal_sample(size: int, seed: int) -> np.ndarray:
    """z ~ N(0, 1), kept per size and seed: a new μ or σ only shifts and scales it."""
    sample = np.random.default_rng(seed).standard_normal(size)
    sample.flags.writeable = False
    return sample


def sample_histograms(keys, params, mean, std, size, seed) -> Histograms:
    """Draw ``size`` inputs and histogram them and f(x) for each key on the same bins."""
    inputs = mean + std * standard_normal_sample(size, seed)
    outputs, slopes = {}, {}
    for key in keys:
        activation = activations.get(key)
        outputs[key] = activation.value(inputs, **params[key])
        slopes[key] = activation.derivative(inputs, **params[key])
    finite = [inputs] + [values[np.isfinite(values)] for values in outputs.values()]
    low = min(float(values.min()) for values in finite if values.size)
    high = max(float(values.max()) for values in finite if values.size)
    low, high = min(low, 0.0), max(high, 0.0)
    if not high > low:
        low, high = low - 1.0, high + 1.0
    # Round bounds: the bins and the axis stay where they were while μ moves a little.
    low, high = nice_bounds(low, high)
    edges = np.linspace(low, high, BINS + 1)

    def density(values):
        # Equal bins given as a count and a range take numpy's linear path, not a sort; the
        # edges are the same linspace.
        counts, _ = np.histogram(values, bins=BINS, range=(low, high))
        return counts / (size * (edges[1] - edges[0]))

    return Histograms(
        edges=edges,
        input_density=density(inputs),
        output_density={key: density(values[values != 0.0]) for key, values in outputs.items()},
        atoms={key: float(np.mean(values == 0.0)) for key, values in outputs.items()},
        stats={
            key: sample_stats_from(activations.get(key), outputs[key], slopes[key], params[key])
            for key in keys
        },
        size=size,
    )


class DistributionPlot(RefreshWhenShown, QWidget):
    """``distributionPlot``: input histogram in grey, each drawn function's output in colour.

    ReLU's output shows a spike at 0 (half of N(0, 1) lands exactly there); Leaky ReLU's
    does not. Items are created per function and updated with ``setData``.
    """

    histograms_changed = Signal(object)

    def __init__(
        self, functions: FunctionsModel, model: DistributionsModel, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._functions, self._model = functions, model
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("distributionPlot")
        describe_plot(
            self.plot,
            "Input and output distributions",
            "Histograms of the normal input x (grey) and of f(x) for the focused function, "
            "with a stem for the probability of outputs that are exactly 0.",
        )
        self.plot.setLabel("bottom", "value")
        self.plot.setLabel("left", "density")
        style_axes(self.plot)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextSize="10pt")
        self.input_curve = pg.PlotDataItem(
            stepMode="center",
            fillLevel=0,
            brush=pg.mkBrush(*INPUT_BRUSH),
            pen=pg.mkPen((110, 110, 110), width=1),
        )
        self.plot.addItem(self.input_curve)
        self._output_curves: dict[str, pg.PlotDataItem] = {}
        self._atoms: dict[str, tuple[pg.PlotDataItem, pg.TextItem]] = {}
        self._legend_keys: tuple[str, ...] = ()
        self._ranges: tuple | None = None
        self.status = QLabel(self)
        self.status.setObjectName("distributionStatus")
        self.status.setToolTip("How many samples the histograms show")
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.status)
        self.histograms: Histograms | None = None
        self.job = BackgroundJob(self)
        self.job.finished.connect(self._show)
        self.job.failed.connect(lambda message: self.status.setText(f"Sampling failed: {message}"))
        for signal in (
            functions.focused_changed,
            functions.shown_changed,
            functions.params_changed,
            model.input_mean_changed,
            model.input_std_changed,
            model.sample_size_changed,
            model.sample_seed_changed,
            functions.compare_shown_changed,
            functions.registry_changed,  # the focused function may have a new formula
        ):
            signal.connect(self._on_inputs_changed)

    def output_curve(self, key: str) -> pg.PlotDataItem:
        return self._output_curves[key]

    def refresh(self) -> None:
        functions, model = self._functions, self._model
        keys = self._functions.compared_keys()
        arguments = (
            keys,
            {key: functions.params(key) for key in keys},
            model.input_mean,
            model.input_std,
            model.sample_size,
            model.sample_seed,
        )
        if model.sample_size <= SYNCHRONOUS_LIMIT:
            self._show(sample_histograms(*arguments))
        else:
            self.status.setText(f"Drawing {model.sample_size:,} samples…")
            self.job.submit(sample_histograms, *arguments)

    def _show(self, histograms: Histograms) -> None:
        if not set(histograms.output_density) <= set(activations.keys()):
            return  # a run of a function of the user's deleted since: a newer run comes
        self.histograms = histograms
        self.input_curve.setData(histograms.edges, histograms.input_density)
        self.input_curve.opts["name"] = "input x"
        for key in [key for key in self._output_curves if key not in histograms.output_density]:
            self.plot.removeItem(self._output_curves.pop(key))
        focused = self._functions.focused
        for key, density in histograms.output_density.items():
            curve = self._output_curves.get(key)
            if curve is None:
                curve = pg.PlotDataItem(stepMode="center", name=activations.get(key).name)
                self._output_curves[key] = curve
                self.plot.addItem(curve)
            tint = color(key)
            if key == focused:
                fill = pg.mkColor(tint)
                fill.setAlpha(110)
                curve.setFillLevel(0)
                curve.setBrush(pg.mkBrush(fill))
                curve.setPen(pen(self, tint, 2))
                curve.setZValue(5)
            else:
                curve.setFillLevel(None)
                curve.setBrush(None)
                curve.setPen(pen(self, tint, 1.5))
                curve.setZValue(1)
            curve.setData(histograms.edges, density)
        self._show_atoms(histograms)
        keys = tuple(histograms.output_density)
        if keys != self._legend_keys:  # rebuilding the legend costs more than a redraw
            self._legend_keys = keys
            self.legend.clear()
            self.legend.addItem(self.input_curve, "input x ~ N(μ, σ²)")
            for key in keys:
                self.legend.addItem(self._output_curves[key], f"f(x): {activations.get(key).name}")
        self.status.setText(
            f"{histograms.size:,} samples of x ~ N({self._model.input_mean:g}, "
            f"{self._model.input_std:g}²); densities on {BINS} shared bins"
        )
        tallest = max(
            [float(np.max(histograms.input_density))]
            + [float(np.max(d)) for d in histograms.output_density.values() if d.size]
        )
        stems = sum(1 for mass in histograms.atoms.values() if mass > 0)
        top = nice_ceiling(tallest * (1.25 + 0.12 * stems if stems else 1.05))
        ranges = ((float(histograms.edges[0]), float(histograms.edges[-1])), (0.0, top))
        if ranges != self._ranges:  # an unchanged range keeps the cached axes
            self._ranges = ranges
            self.plot.setRange(xRange=ranges[0], yRange=ranges[1], padding=0.01)
        self.histograms_changed.emit(histograms)

    def atom_stem(self, key: str) -> pg.PlotDataItem | None:
        """The stem drawn for ``key``'s point mass at 0, if it has one."""
        pair = self._atoms.get(key)
        return pair[0] if pair is not None and pair[0].isVisible() else None

    def _show_atoms(self, histograms: Histograms) -> None:
        """A stem with a dot at 0 for every function with a point mass there, labelled."""
        tallest = max(
            [float(np.max(histograms.input_density))]
            + [float(np.max(d)) for d in histograms.output_density.values() if d.size]
        )
        for key in [key for key in self._atoms if key not in histograms.atoms]:
            stem, label = self._atoms.pop(key)
            self.plot.removeItem(stem)
            self.plot.removeItem(label)
        for rank, (key, mass) in enumerate(histograms.atoms.items()):
            if key not in self._atoms:
                stem = pg.PlotDataItem(symbol="o", symbolSize=9)
                label = pg.TextItem(anchor=(0.0, 1.0))
                stem.setZValue(20)
                label.setZValue(20)
                self.plot.addItem(stem)
                self.plot.addItem(label)
                self._atoms[key] = (stem, label)
            stem, label = self._atoms[key]
            visible = mass > 0
            stem.setVisible(visible)
            label.setVisible(visible)
            if not visible:
                continue
            # An atom has no density; its stem stands above the histograms, its height
            # ranked per function, and the label gives the probability.
            top = tallest * (1.15 + 0.12 * rank)
            tint = color(key)
            stem.setData([0.0, 0.0], [0.0, top])
            stem.setPen(pen(self, tint, 3))
            stem.setSymbolBrush(tint)
            stem.setSymbolPen(tint)
            label.setColor(tint)
            label.setText(f"  P[f(x) = 0] = {mass:.3f} ({activations.get(key).name})")
            label.setPos(0.0, top)
