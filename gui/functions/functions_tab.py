"""FunctionsTab: function list and controls | f and f' plots | the focused function's card."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QCheckBox, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from core import activations
from gui.functions.curve_plots import CurvePlots
from gui.functions.function_list import FunctionList
from gui.functions.info_panel import InfoPanel
from gui.functions.parameter_panel import ParameterPanel
from gui.functions.range_controls import RangeControls
from gui.models import AppState
from gui.widgets.tab_page import TabPage, controls_column


class FunctionsTab(TabPage):
    """The main view: overlay functions, drag parameters, read values and notes."""

    SPLITTERS: ClassVar[dict[str, list[int] | None]] = {
        "functionsSplitter": [250, 800, 330],
        "plotSplitter": None,
    }

    def __init__(self, state: AppState, lazy: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        functions = state.functions
        self._functions = functions
        self.function_list = FunctionList(functions)
        self.function_list.function_requested.connect(self.function_requested)
        # A lazy window builds only the focused function's parameter page now, the rest
        # on demand or in build_remaining.
        self.parameter_panel = ParameterPanel(functions, defer_pages=lazy)
        self.range_controls = RangeControls(functions)
        self.range_controls.message.connect(self.message)
        self.plots = CurvePlots(functions)
        self.info_panel = InfoPanel(functions)

        self.shade_box = QCheckBox("Shade saturated regions")
        self.shade_box.setObjectName("saturationShading")
        self.shade_box.setToolTip(
            "Grey bands where the focused function's |f'| is below 5 % of its peak"
        )
        self.log_box = QCheckBox("log |f'| axis")
        self.log_box.setObjectName("logDerivative")
        self.log_box.setToolTip(
            "Draw |f'| on a logarithmic axis: vanishing gradients become straight lines"
        )
        self._on_saturation_shading_changed(functions.saturation_shading)
        self._on_log_derivative_changed(functions.log_derivative)
        self.shade_box.toggled.connect(functions.set_saturation_shading)
        self.log_box.toggled.connect(functions.set_log_derivative)
        functions.saturation_shading_changed.connect(self._on_saturation_shading_changed)
        functions.log_derivative_changed.connect(self._on_log_derivative_changed)

        self.search = QLineEdit()
        self.search.setObjectName("functionSearch")
        self.search.setPlaceholderText("Search functions…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Filter the list by name, key or group")
        self.search.textChanged.connect(lambda text: self.function_list.set_filter(text=text))
        self.checked_only = QCheckBox("Show only the ticked ones")
        self.checked_only.setObjectName("showCheckedOnly")
        self.checked_only.setToolTip("Hide the functions that are not drawn")
        self.checked_only.toggled.connect(
            lambda checked: self.function_list.set_filter(checked_only=checked)
        )
        self.parameter_panel.message.connect(self.message)
        functions_group = QGroupBox("Functions")
        functions_layout = QVBoxLayout(functions_group)
        functions_layout.addWidget(self.search)
        functions_layout.addWidget(self.function_list)
        functions_layout.addWidget(self.checked_only)
        parameters_group = QGroupBox("Parameters")
        parameters_layout = QVBoxLayout(parameters_group)
        parameters_layout.addWidget(self.parameter_panel)
        view_group = QGroupBox("View")
        view_layout = QVBoxLayout(view_group)
        view_layout.addWidget(self.range_controls)
        view_layout.addWidget(self.shade_box)
        view_layout.addWidget(self.log_box)

        left = controls_column(
            functions_group, parameters_group, view_group, minimum_width=210, grow=functions_group
        )

        self.info_panel.setMinimumWidth(240)
        self.plots.setMinimumWidth(360)
        self.splitter = self.lay_out_side_by_side(
            "functionsSplitter", left, self.plots, self.info_panel
        )

    def build_remaining(self) -> None:
        """Build the parameter pages a lazy window left for later."""
        self.parameter_panel.build_all_pages()

    def set_dark(self, dark: bool) -> None:
        self.plots.set_dark(dark)
        self.function_list.set_dark(dark)
        self.info_panel.set_dark(dark)

    def reset_view(self) -> None:
        self.plots.reset_view()

    def reset_layout(self) -> None:
        super().reset_layout()
        self.plots.reset_view()

    def wait_idle(self) -> None:
        """Let curves computed off the GUI thread land (pictures and exports show them)."""
        self.plots.wait_idle()

    def export_grid(self) -> list[list[QWidget]]:
        """The plots an export draws, as rows of widgets."""
        self.wait_idle()
        return [[self.plots.activation_plot], [self.plots.derivative_plot]]

    def csv_rows(self) -> list[list]:
        """x, then f(x) and f'(x) of every shown function with its parameters, for CSV export."""
        functions = self._functions
        x = functions.x_values()
        header, columns = ["x"], [x]
        for key in functions.shown:
            activation = activations.get(key)
            params = functions.params(key)
            suffix = "".join(f" {name}={value:g}" for name, value in params.items())
            header += [f"{activation.name}{suffix} f(x)", f"{activation.name}{suffix} f'(x)"]
            columns += [activation.value(x, **params), activation.derivative(x, **params)]
        return [header, *([repr(float(v)) for v in row] for row in zip(*columns, strict=True))]

    def _on_saturation_shading_changed(self, enabled: bool) -> None:
        self.shade_box.setChecked(enabled)

    def _on_log_derivative_changed(self, enabled: bool) -> None:
        self.log_box.setChecked(enabled)
