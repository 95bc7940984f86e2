"""DistributionsTab: what the focused activation does to normally distributed inputs."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import activations
from gui.distributions.distribution_plot import DistributionPlot
from gui.distributions.distribution_stats import DistributionStats
from gui.distributions.distributions_model import (
    INPUT_MEAN_RANGE,
    INPUT_STD_RANGE,
    SAMPLE_SIZE_RANGE,
)
from gui.models import AppState
from gui.widgets.float_slider import FloatSlider
from gui.widgets.tab_page import TabPage, controls_column, set_quietly


class DistributionsTab(TabPage):
    """Controls and exact statistics on the left, the histograms on the right."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {"distributionsSplitter": [330, 1070]}

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        functions, model = state.functions, state.distributions
        self._functions, self._model = functions, model
        self.mean = self._slider(
            "inputMean", INPUT_MEAN_RANGE, model.input_mean, "μ, the mean of the input x"
        )
        self.std = self._slider(
            "inputStd", INPUT_STD_RANGE, model.input_std, "σ, the spread of the input x"
        )
        self.mean.valueChanged.connect(model.set_input_mean)
        self.std.valueChanged.connect(model.set_input_std)
        self.samples = QSpinBox()
        self.samples.setObjectName("sampleSize")
        self.samples.setRange(*SAMPLE_SIZE_RANGE)
        self.samples.setSingleStep(10_000)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setKeyboardTracking(False)
        self.samples.setValue(model.sample_size)
        self.samples.setToolTip("How many inputs to draw (over 50,000 are drawn in the background)")
        self.samples.valueChanged.connect(model.set_sample_size)
        self.resample = QPushButton("Resample")
        self.resample.setObjectName("resampleButton")
        self.resample.setToolTip("Draw a fresh sample (the exact values do not change)")
        self.resample.clicked.connect(
            lambda: model.set_sample_seed((model.sample_seed + 1) % (2**31 - 1))
        )
        self.compare = QCheckBox("Also draw the other shown functions")
        self.compare.setObjectName("compareShown")
        self.compare.setToolTip("Overlay f(x) of every function ticked on the Functions tab")
        self.compare.setChecked(functions.compare_shown)
        self.compare.toggled.connect(functions.set_compare_shown)

        self.title = QLabel()
        self.title.setObjectName("distributionTitle")
        self.title.setWordWrap(True)
        self.stats = DistributionStats(functions, model)
        self.plot = DistributionPlot(functions, model)
        self.plot.histograms_changed.connect(self.stats.show_sample)

        input_group = QGroupBox("Input x ~ N(μ, σ²)")
        form = QFormLayout(input_group)
        form.addRow("μ", self.mean)
        form.addRow("σ", self.std)
        form.addRow("samples", self.samples)
        form.addRow(self.resample)
        form.addRow(self.compare)
        stats_group = QGroupBox("Output statistics")
        stats_layout = QVBoxLayout(stats_group)
        stats_layout.addWidget(self.title)
        stats_layout.addWidget(self.stats)
        left = controls_column(input_group, stats_group, minimum_width=280)
        self.splitter = self.lay_out_side_by_side("distributionsSplitter", left, self.plot)

        self._on_focused_changed(functions.focused)
        functions.focused_changed.connect(self._on_focused_changed)
        model.input_mean_changed.connect(self._on_input_mean_changed)
        model.input_std_changed.connect(self._on_input_std_changed)
        model.sample_size_changed.connect(self._on_sample_size_changed)
        functions.compare_shown_changed.connect(self.compare.setChecked)

    def _slider(self, name, bounds, value, tip) -> FloatSlider:
        slider = FloatSlider(*bounds, tip)
        slider.setObjectName(name)
        slider.setValue(value)
        return slider

    def export_grid(self) -> list[list[QWidget]]:
        self.wait_idle()
        return [[self.plot.plot]]

    def csv_rows(self) -> list[list]:
        """The histograms (bin centre, input density, each function's density) as CSV."""
        self.wait_idle()
        histograms = self.plot.histograms
        keys = list(histograms.output_density)
        centres = 0.5 * (histograms.edges[:-1] + histograms.edges[1:])
        header = [
            "value",
            "input density",
            *[f"{activations.get(key).name} density" for key in keys],
        ]
        rows = [header]
        for index, centre in enumerate(centres):
            rows.append(
                [repr(float(centre)), repr(float(histograms.input_density[index]))]
                + [repr(float(histograms.output_density[key][index])) for key in keys]
            )
        return rows

    def wait_idle(self) -> None:
        """Bring a stale view up to date and let a background sample finish."""
        self.plot.ensure_current()
        self.plot.job.wait()

    def _on_focused_changed(self, key: str) -> None:
        self.title.setText(f"<b>{activations.get(key).name}</b> on x ~ N(μ, σ²)")

    def _on_input_mean_changed(self, value: float) -> None:
        set_quietly(self.mean, value)

    def _on_input_std_changed(self, value: float) -> None:
        set_quietly(self.std, value)

    def _on_sample_size_changed(self, value: int) -> None:
        set_quietly(self.samples, value)
