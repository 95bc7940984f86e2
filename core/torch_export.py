"""A trained network as files: its weights (.npz) and a PyTorch script that rebuilds it.

The script needs only numpy and torch. Functions with a ``torch.nn`` module use it with the
layer's parameters; the others are written with torch operations in a small ``Elementwise``
module, so every activation of the registry can be exported.

>>> from core import training, torch_export
>>> net = training.Network(hidden=(4,), activations="elu", seed=0)
>>> "nn.ELU(alpha=1.0)" in torch_export.pytorch_script(net)
True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core import activations, training

# key -> the layer's resolved parameters -> Python source of a torch.nn.Module
_MODULES = {
    "sigmoid": lambda p: "nn.Sigmoid()",
    "tanh": lambda p: "nn.Tanh()",
    "relu": lambda p: "nn.ReLU()",
    "leaky_relu": lambda p: f"nn.LeakyReLU(negative_slope={p['alpha']!r})",
    # The app's PReLU slope is a fixed parameter, not a learned one: a leaky ReLU.
    "prelu": lambda p: f"nn.LeakyReLU(negative_slope={p['alpha']!r})",
    "elu": lambda p: f"nn.ELU(alpha={p['alpha']!r})",
    "gelu": lambda p: "nn.GELU(approximate='none')",
    "gelu_tanh": lambda p: "nn.GELU(approximate='tanh')",
    "logsigmoid": lambda p: "nn.LogSigmoid()",
    "softsign": lambda p: "nn.Softsign()",
    "arctan": lambda p: "Elementwise(torch.atan)",
    "lecun_tanh": lambda p: "Elementwise(lambda x: 1.7159 * torch.tanh(2.0 * x / 3.0))",
    "symmetrical_sigmoid": lambda p: "Elementwise(lambda x: torch.tanh(x / 2.0))",
    "loglog": lambda p: "Elementwise(lambda x: -torch.expm1(-torch.exp(x)))",
    # RReLU in evaluation mode: the mean slope (lower + upper) / 2.
    "rrelu": lambda p: f"nn.RReLU(lower={p['lower']!r}, upper={p['upper']!r})",
    "selu": lambda p: "nn.SELU()",
    "celu": lambda p: f"nn.CELU(alpha={p['alpha']!r})",
    "relu6": lambda p: "nn.ReLU6()",
    "srelu": lambda p: (
        "Elementwise(lambda x: torch.where("
        f"x >= {p['t_r']!r}, {p['t_r']!r} + {p['a_r']!r} * (x - {p['t_r']!r}), torch.where("
        f"x <= {p['t_l']!r}, {p['t_l']!r} + {p['a_l']!r} * (x - {p['t_l']!r}), x)))"
    ),
    "silu": lambda p: (
        "nn.SiLU()"
        if p["beta"] == 1.0
        else f"Elementwise(lambda x: x * torch.sigmoid({p['beta']!r} * x))"
    ),
    "mish": lambda p: "nn.Mish()",
    "softplus": lambda p: f"nn.Softplus(beta={p['beta']!r}, threshold={p['threshold']!r})",
    "squareplus": lambda p: f"Elementwise(lambda x: (x + torch.sqrt(x * x + {p['b']!r})) / 2.0)",
    "hardsigmoid": lambda p: "nn.Hardsigmoid()",
    "hardtanh": lambda p: f"nn.Hardtanh(min_val={p['min_val']!r}, max_val={p['max_val']!r})",
    "hardswish": lambda p: "nn.Hardswish()",
    "softshrink": lambda p: f"nn.Softshrink(lambd={p['lambd']!r})",
    "hardshrink": lambda p: f"nn.Hardshrink(lambd={p['lambd']!r})",
    "binary_step": lambda p: "Elementwise(lambda x: (x >= 0).to(x.dtype))",
    "signum": lambda p: "Elementwise(torch.sign)",
    "identity": lambda p: "nn.Identity()",
    "absolute": lambda p: "Elementwise(torch.abs)",
    "bent_identity": lambda p: "Elementwise(lambda x: (torch.sqrt(x * x + 1.0) - 1.0) / 2.0 + x)",
    "tanhshrink": lambda p: "nn.Tanhshrink()",
    "gaussian": lambda p: "Elementwise(lambda x: torch.exp(-x * x))",
    "sinusoid": lambda p: "Elementwise(torch.sin)",
    "cosine": lambda p: "Elementwise(torch.cos)",
    # torch.sinc is the normalised sin(πx)/(πx); the app's sinc is sin(x)/x.
    "sinc": lambda p: "Elementwise(lambda x: torch.sinc(x / math.pi))",
}


def torch_module(key: str, params: dict[str, float]) -> str:
    """Python source of a ``torch.nn.Module`` computing activation ``key`` with ``params``.

    Raises
    ------
    KeyError
        For a function this module does not know how to write (a new registry entry).
    """
    if activations.is_custom(key):
        from core import custom

        body = custom.torch_source(activations.get(key), params)
        # x * 0 keeps a formula that does not use x (a constant) a tensor of x's shape.
        return f"Elementwise(lambda x: {body} + x * 0)"
    try:
        return _MODULES[key](params)
    except KeyError:
        raise KeyError(f"no PyTorch form for activation {key!r}") from None


def save_weights(network: training.Network, path: str | Path) -> None:
    """Write every layer's weights and biases as W1, b1, W2, b2, … (W of shape (in, out),
    as ``network.parameters`` holds them) with the activations' keys, to an .npz file."""
    arrays = {}
    for index in range(len(network.parameters) // 2):
        arrays[f"W{index + 1}"] = network.parameters[2 * index]
        arrays[f"b{index + 1}"] = network.parameters[2 * index + 1]
    arrays["activations"] = np.array([key for key, _params in network.layers], dtype=str)
    with open(path, "wb") as handle:  # savez would add ".npz" to a name without it
        np.savez(handle, **arrays)


def pytorch_script(network: training.Network, weights_file: str = "weights.npz") -> str:
    """A runnable script that rebuilds ``network`` as ``nn.Sequential`` in float64 and loads
    ``weights_file`` (looked up beside the script) into it."""
    lines = []
    sizes = network.sizes
    for index in range(len(sizes) - 1):
        lines.append(f"    nn.Linear({sizes[index]}, {sizes[index + 1]}),")
        if index < len(network.layers):
            key, params = network.layers[index]
            lines.append(f"    {torch_module(key, params)},")
    layers = "\n".join(lines)
    math_import = "import math\n" if "math." in layers else ""
    return f'''"""Rebuilds a network trained in Activation Explorer and loads its weights.

Run it beside {weights_file}; then model(x) takes a float64 tensor of shape (n, {sizes[0]}).
"""

{math_import}from pathlib import Path

import numpy as np
import torch
from torch import nn


class Elementwise(nn.Module):
    """An activation that torch.nn has no module for, applied element by element."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def forward(self, x):
        return self.function(x)


model = nn.Sequential(
{layers}
).double()

linears = [layer for layer in model if isinstance(layer, nn.Linear)]
with np.load(Path(__file__).with_name({weights_file!r})) as weights, torch.no_grad():
    for number, linear in enumerate(linears, start=1):
        # The app stores W as (inputs, outputs); nn.Linear holds its transpose.
        linear.weight.copy_(torch.from_numpy(weights[f"W{{number}}"].T.copy()))
        linear.bias.copy_(torch.from_numpy(weights[f"b{{number}}"]))
model.eval()  # RReLU uses its mean slope only in evaluation mode

if __name__ == "__main__":
    print(model)
'''
