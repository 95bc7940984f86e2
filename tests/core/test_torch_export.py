"""Exported weights and the PyTorch script that rebuilds the network."""

import runpy

import numpy as np
import pytest

from core import activations, torch_export, training


def _network(key, seed=0):
    return training.Network(hidden=(5, 4), n_outputs=2, activations=key, seed=seed)


def test_every_activation_has_a_pytorch_form():
    for key in activations.keys():
        assert torch_export.torch_module(key, activations.get(key).defaults())
    with pytest.raises(KeyError, match="no PyTorch form"):
        torch_export.torch_module("swish_of_the_future", {})


def test_weights_round_trip_through_the_npz(tmp_path):
    network = _network([("elu", {"alpha": 0.5}), "tanh"], seed=3)
    path = tmp_path / "weights"
    torch_export.save_weights(network, path)
    with np.load(path) as saved:
        assert list(saved["activations"]) == ["elu", "tanh"]
        for number in (1, 2, 3):
            np.testing.assert_array_equal(saved[f"W{number}"], network.parameters[2 * number - 2])
            np.testing.assert_array_equal(saved[f"b{number}"], network.parameters[2 * number - 1])


def test_script_is_valid_python_naming_each_layer():
    network = _network([("leaky_relu", {"alpha": 0.2}), "sinc"])
    script = torch_export.pytorch_script(network)
    compile(script, "export.py", "exec")
    assert "nn.Linear(2, 5)" in script and "nn.Linear(4, 2)" in script
    assert "nn.LeakyReLU(negative_slope=0.2)" in script
    assert "torch.sinc(x / math.pi)" in script and "import math" in script


@pytest.mark.parametrize("key", activations.keys())
def test_the_script_rebuilds_the_same_network_in_pytorch(tmp_path, key):
    pytest.importorskip("torch")
    params = activations.get(key).defaults()
    # A parameter off its default shows that the script writes the layer's own values.
    if key == "elu":
        params = {"alpha": 0.7}
    network = _network([(key, params), (key, params)], seed=1)
    torch_export.save_weights(network, tmp_path / "weights.npz")
    script = tmp_path / "rebuild.py"
    script.write_text(torch_export.pytorch_script(network), encoding="utf-8")
    model = runpy.run_path(str(script))["model"]
    import torch

    points = np.random.default_rng(0).normal(0.0, 2.0, (200, 2))
    with torch.no_grad():
        rebuilt = model(torch.from_numpy(points)).numpy()
    np.testing.assert_allclose(rebuilt, network.forward(points), rtol=1e-9, atol=1e-12)


TYPED = [
    ("where(x > 0, x, alpha * expm1(x)) + max(x, 0) * pi", {"alpha": 0.7}),
    ("x * tanh(softplus(x)) + x / 2 * (1 + erf(x / sqrt(2)))", {}),
    ("x * sigmoid(beta * x) - log(1 + x**2) + min(x, 1) + abs(arctan(x))", {"beta": 1.5}),
]


def _typed_network(text, params):
    from core import custom

    act = custom.parse(text)
    activations.register(act)
    return _network([(act.key, params), (act.key, params)], seed=2)


@pytest.mark.parametrize(("text", "params"), TYPED)
def test_a_typed_function_is_exported_as_torch_operations(text, params):
    script = torch_export.pytorch_script(_typed_network(text, params))
    compile(script, "export.py", "exec")
    layers = [line for line in script.splitlines() if "Elementwise(lambda x: " in line]
    assert len(layers) == 2 and all("torch." in line and "np." not in line for line in layers)


@pytest.mark.parametrize(("text", "params"), TYPED)
def test_the_script_of_a_typed_function_computes_what_the_app_does(tmp_path, text, params):
    torch = pytest.importorskip("torch")
    network = _typed_network(text, params)
    script = torch_export.pytorch_script(network)
    torch_export.save_weights(network, tmp_path / "weights.npz")
    (tmp_path / "rebuild.py").write_text(script, encoding="utf-8")
    model = runpy.run_path(str(tmp_path / "rebuild.py"))["model"]
    points = np.random.default_rng(0).normal(0.0, 2.0, (200, 2))
    with torch.no_grad():
        rebuilt = model(torch.from_numpy(points)).numpy()
    np.testing.assert_allclose(rebuilt, network.forward(points), rtol=1e-9, atol=1e-12)
