"""The tabs the window shows, in order: what the window needs to know of each before it is built.

Plain data (no Qt): ``main.py`` reads the keys for ``--tab`` without starting Qt, and the
window imports a tab's module only when it builds the tab. A new tab adds one entry here, its
package under ``gui/`` with a :class:`gui.widgets.tab_page.TabPage`, and (when it has
settings of its own) a model whose fields the session then saves with no further code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TabSpec:
    """One tab.

    Attributes
    ----------
    key : str
        Its name on the command line (``--tab``), in the session and in file names; never
        its visible title, so a title can be reworded freely.
    title, tooltip : str
        What the tab bar shows.
    page : str
        ``module:Class`` of its :class:`~gui.widgets.tab_page.TabPage`, built from the
        :class:`~gui.models.AppState`.
    model : str
        ``module:Class`` of the tab's own state model, or "" when it has none.
    layout_keys : tuple of str
        Settings keys of the layout it saves (splitter positions, table columns), read at
        start even before the tab is built.
    """

    key: str
    title: str
    tooltip: str
    page: str
    model: str = ""
    layout_keys: tuple[str, ...] = ()


TABS: tuple[TabSpec, ...] = (
    TabSpec(
        "functions",
        "Functions",
        "Overlay functions and their derivatives",
        "gui.functions.functions_tab:FunctionsTab",
        layout_keys=("window/functionsSplitter", "window/plotSplitter"),
    ),
    TabSpec(
        "softmax",
        "Softmax",
        "Edit logits; watch probabilities, Jacobian and loss",
        "gui.softmax.softmax_tab:SoftmaxTab",
        model="gui.softmax.softmax_model:SoftmaxModel",
        layout_keys=("window/softmaxSplitter",),
    ),
    TabSpec(
        "compare",
        "Compare",
        "Every function's properties, computed",
        "gui.compare.compare_tab:CompareTab",
        layout_keys=("compare/header_state",),
    ),
    TabSpec(
        "distributions",
        "Distributions",
        "What a function does to N(μ, σ²) inputs",
        "gui.distributions.distributions_tab:DistributionsTab",
        model="gui.distributions.distributions_model:DistributionsModel",
        layout_keys=("window/distributionsSplitter",),
    ),
    TabSpec(
        "depth",
        "Depth",
        "Gradients and activations through a deep stack",
        "gui.depth.depth_tab:DepthTab",
        model="gui.depth.depth_model:DepthModel",
        layout_keys=("window/depthSplitter",),
    ),
    TabSpec(
        "train",
        "Train",
        "Train a small network on 2-D data and watch each activation learn",
        "gui.train.train_tab:TrainTab",
        model="gui.train.train_model:TrainModel",
        layout_keys=("window/trainSplitter",),
    ),
    TabSpec(
        "precision",
        "Precision",
        "The focused function in float16, bfloat16 and float8: where it saturates and breaks",
        "gui.precision.precision_tab:PrecisionTab",
        model="gui.precision.precision_model:PrecisionModel",
        layout_keys=("window/precisionSplitter",),
    ),
    TabSpec(
        "gated",
        "Gated",
        "Gated units of two inputs (GLU, ReGLU, GEGLU, SwiGLU), as in today's language models",
        "gui.gated.gated_tab:GatedTab",
        model="gui.gated.gated_model:GatedModel",
        layout_keys=("window/gatedSplitter",),
    ),
)

TAB_KEYS: tuple[str, ...] = tuple(spec.key for spec in TABS)


def tab_spec(key: str) -> TabSpec:
    """The tab called ``key``; KeyError naming the known keys."""
    for spec in TABS:
        if spec.key == key:
            return spec
    raise KeyError(f"no tab {key!r}; tabs: {', '.join(TAB_KEYS)}")
