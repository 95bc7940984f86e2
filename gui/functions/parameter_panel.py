"""ParameterPanel: labelled float sliders for the focused function's parameters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core import activations
from gui.models import FunctionsModel
from gui.widgets.float_slider import FloatSlider


class ParameterPanel(QWidget):
    """One page per activation, showing the focused one's page.

    Every parameter has a control named ``param_<key>_<name>`` with ``value()``,
    ``setValue(float)`` and ``valueChanged``. By default all of them exist from the start
    (hidden pages included); with ``defer_pages`` only the focused function's page is built
    at once, the others when focused or asked for (:meth:`control`, :meth:`build_all_pages`).
    Each curve keeps its own parameters either way: they live in the functions.
    """

    message = Signal(str)

    def __init__(
        self, functions: FunctionsModel, parent: QWidget | None = None, defer_pages: bool = False
    ):
        super().__init__(parent)
        self.setObjectName("parameterPanel")
        self._functions = functions
        self._controls: dict[tuple[str, str], FloatSlider] = {}
        self._pages: dict[str, int] = {}
        self._page_widgets: dict[str, QWidget] = {}
        self._title = QLabel(self)
        self._title.setObjectName("parameterTitle")
        self._stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._stack)
        if not defer_pages:
            self.build_all_pages()
        self._on_focused_changed(functions.focused)
        functions.focused_changed.connect(self._on_focused_changed)
        functions.params_changed.connect(self._on_params_changed)
        functions.registry_changed.connect(self._on_registry_changed)

    def _on_registry_changed(self) -> None:
        """Pages of the user's functions are made again: an edit may change the parameters."""
        for key in [
            key
            for key in self._pages
            if activations.is_custom(key) or key not in activations.keys()
        ]:
            self._pages.pop(key)
            page = self._page_widgets.pop(key)
            for control_key in [k for k in self._controls if k[0] == key]:
                del self._controls[control_key]
            self._stack.removeWidget(page)
            page.deleteLater()
        # Stack indices shift when a page goes: look them up again.
        self._pages = {
            key: self._stack.indexOf(widget)
            for key, widget in ((key, self._page_widgets[key]) for key in self._pages)
        }
        self._on_focused_changed(self._functions.focused)

    def control(self, key: str, name: str) -> FloatSlider:
        self._page(key)
        return self._controls[(key, name)]

    def build_all_pages(self) -> None:
        """Build every function's page that does not exist yet."""
        for key in activations.keys():
            self._page(key)

    def _page(self, key: str) -> int:
        """The stack index of ``key``'s page, built now if it was not yet."""
        if key not in self._pages:
            page = self._build_page(key)
            self._page_widgets[key] = page
            self._pages[key] = self._stack.addWidget(page)
        return self._pages[key]

    def _build_page(self, key: str) -> QWidget:
        activation = activations.get(key)
        page = QWidget(self._stack)
        if not activation.params:
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            note = QLabel(f"{activation.name} has no parameters to adjust.", page)
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
            layout.addStretch(1)
            return page
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        for index, param in enumerate(activation.params):
            # The name, the exact value and Reset on one line; the slider gets the column's
            # whole width below them, so a drag has room to land on round values.
            control = FloatSlider(param.minimum, param.maximum, param.label, page, box_beside=False)
            control.setObjectName(f"param_{key}_{param.name}")
            control.setValue(self._functions.params(key)[param.name])
            control.setToolTip(
                f"{param.label}: {param.minimum:g} to {param.maximum:g}, default "
                f"{param.default:g}. Drag the slider, or in the box step with ↑/↓ by "
                f"{control.key_step:g} (PgUp/PgDn by {10 * control.key_step:g}) or type a value."
            )
            control.valueChanged.connect(
                lambda value, key=key, name=param.name: self._apply(key, name, value)
            )
            self._controls[(key, param.name)] = control
            label = QLabel(param.label.split(" ")[0], page)
            label.setToolTip(param.label)
            label.setBuddy(control.box)
            reset = QPushButton("Reset", page)
            reset.setObjectName(f"reset_{key}_{param.name}")
            reset.setToolTip(f"Back to the default {param.name} = {param.default:g}")
            reset.setAccessibleName(f"Reset {param.label} to {param.default:g}")
            reset.clicked.connect(
                lambda _checked=False, key=key, param=param: self._functions.set_param(
                    key, param.name, param.default
                )
            )
            grid.addWidget(label, 2 * index, 0)
            grid.addWidget(control.box, 2 * index, 1)
            grid.addWidget(reset, 2 * index, 2)
            grid.addWidget(control, 2 * index + 1, 0, 1, 3)
        return page

    def _apply(self, key: str, name: str, value: float) -> None:
        """Set a parameter; a value its partners forbid (min_val ≥ max_val) goes back."""
        try:
            self._functions.set_param(key, name, value)
        except ValueError as error:
            self._on_params_changed(key)
            self.message.emit(str(error))

    def _on_focused_changed(self, key: str) -> None:
        self._stack.setCurrentIndex(self._page(key))
        self._title.setText(f"<b>Parameters of {activations.get(key).name}</b>")

    def _on_params_changed(self, key: str) -> None:
        for (control_key, name), slider in self._controls.items():
            if control_key == key:
                value = self._functions.params(key)[name]
                if slider.value() != value:
                    slider.setValue(value)
