"""Networks and trainers: exact gradients, each optimizer's update, divergence, dead units."""

import math

import numpy as np
import pytest

from core import datasets, training


def _small_problem(loss: str, n: int = 12, seed: int = 3):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.5, (n, 2))
    if loss == "bce":
        return X, (X[:, 0] > 0).astype(np.int64), 1
    if loss == "ce":
        return X, rng.integers(0, 3, n), 3
    return X, rng.normal(0.0, 1.0, (n, 2)), 2


def _finite_difference(network, X, y, loss, step=1e-6):
    """Central differences of the loss with respect to every parameter entry."""
    original = [p.copy() for p in network.parameters]
    estimates = []
    for index, parameter in enumerate(original):
        estimate = np.empty_like(parameter)
        for position in np.ndindex(parameter.shape):
            values = []
            for sign in (1.0, -1.0):
                shifted = [p.copy() for p in original]
                shifted[index][position] += sign * step
                network.set_parameters(shifted)
                values.append(network.loss_and_gradients(X, y, loss)[0])
            estimate[position] = (values[0] - values[1]) / (2.0 * step)
        estimates.append(estimate)
    network.set_parameters(original)
    return estimates


@pytest.mark.parametrize("loss", training.LOSSES)
@pytest.mark.parametrize(
    "layers",
    [
        ("tanh", "tanh"),
        (("elu", {"alpha": 0.5}), "gelu"),
        (("leaky_relu", {"alpha": 0.2}), "sigmoid"),
        ("softplus", "gelu_tanh"),
    ],
)
def test_gradients_match_finite_differences(loss, layers):
    X, y, outputs = _small_problem(loss)
    network = training.Network(hidden=(4, 3), n_outputs=outputs, activations=layers, seed=1)
    # Biases off zero, so that a kink sitting at a pre-activation of exactly 0 is unlikely.
    network.set_parameters(
        [p + 0.1 * np.random.default_rng(9).normal(size=p.shape) for p in network.parameters]
    )
    _, gradients = network.loss_and_gradients(X, y, loss)
    estimates = _finite_difference(network, X, y, loss)
    assert [g.shape for g in gradients] == [p.shape for p in network.parameters]
    for gradient, estimate in zip(gradients, estimates, strict=True):
        np.testing.assert_allclose(gradient, estimate, rtol=1e-5, atol=1e-8)


TORCH_MODULES = {
    "tanh": lambda nn: nn.Tanh(),
    "relu": lambda nn: nn.ReLU(),
    "leaky_relu": lambda nn: nn.LeakyReLU(negative_slope=0.01),
    "elu": lambda nn: nn.ELU(alpha=1.0),
    "gelu": lambda nn: nn.GELU(approximate="none"),
    "sigmoid": lambda nn: nn.Sigmoid(),
}


@pytest.mark.parametrize("loss", training.LOSSES)
@pytest.mark.parametrize("key", list(TORCH_MODULES))
def test_gradients_match_pytorch_autograd(key, loss):
    torch = pytest.importorskip("torch")
    X, y, outputs = _small_problem(loss, n=40)
    network = training.Network(hidden=(8, 8), n_outputs=outputs, activations=key, seed=2)
    value, gradients = network.loss_and_gradients(X, y, loss)

    modules = []
    sizes = network.sizes
    for index in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[index], sizes[index + 1]).double()
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(network.parameters[2 * index].T.copy()))
            linear.bias.copy_(torch.from_numpy(network.parameters[2 * index + 1]))
        modules.append(linear)
        if index < len(sizes) - 2:
            modules.append(TORCH_MODULES[key](torch.nn))
    model = torch.nn.Sequential(*modules)
    out = model(torch.from_numpy(X))
    if loss == "bce":
        target = torch.from_numpy(y.astype(np.float64)).reshape(-1, 1)
        reference = torch.nn.functional.binary_cross_entropy_with_logits(out, target)
    elif loss == "ce":
        reference = torch.nn.functional.cross_entropy(out, torch.from_numpy(y))
    else:
        reference = torch.nn.functional.mse_loss(out, torch.from_numpy(y))
    reference.backward()
    assert value == pytest.approx(reference.item(), rel=1e-12)
    linears = [m for m in modules if isinstance(m, torch.nn.Linear)]
    for index, linear in enumerate(linears):
        np.testing.assert_allclose(
            gradients[2 * index], linear.weight.grad.numpy().T, rtol=1e-10, atol=1e-14
        )
        np.testing.assert_allclose(
            gradients[2 * index + 1], linear.bias.grad.numpy(), rtol=1e-10, atol=1e-14
        )


def test_binary_cross_entropy_stays_finite_for_confident_wrong_logits():
    network = training.Network(hidden=(), activations=(), seed=0)
    network.set_parameters([np.array([[1000.0], [0.0]]), np.array([0.0])])
    value, gradients = network.loss_and_gradients(np.array([[1.0, 0.0]]), np.array([0]), "bce")
    # softplus(1000) − 0 = 1000: the log-sigmoid form never takes log(0).
    assert value == pytest.approx(1000.0)
    assert all(np.all(np.isfinite(g)) for g in gradients)


def test_architecture_and_initialisation():
    network = training.Network(hidden=(5, 7), n_outputs=3, activations="relu", init="he", seed=4)
    shapes = [p.shape for p in network.parameters]
    assert shapes == [(2, 5), (5,), (5, 7), (7,), (7, 3), (3,)]
    assert network.hidden == (5, 7)
    assert all(np.all(b == 0) for b in network.parameters[1::2])
    same = training.Network(hidden=(5, 7), n_outputs=3, activations="relu", init="he", seed=4)
    for a, b in zip(network.parameters, same.parameters, strict=True):
        np.testing.assert_array_equal(a, b)
    # He scales by √2 relative to Xavier with the same draws.
    xavier = training.Network(hidden=(5, 7), n_outputs=3, activations="relu", seed=4)
    np.testing.assert_allclose(network.parameters[0], math.sqrt(2.0) * xavier.parameters[0])
    assert network.forward(np.zeros((4, 2))).shape == (4, 3)
    assert [h.shape for h in network.hidden_outputs(np.zeros((4, 2)))] == [(4, 5), (4, 7)]


def test_bad_architecture_and_parameters_are_refused():
    with pytest.raises(ValueError, match="one activation per hidden layer"):
        training.Network(hidden=(4, 4, 4), activations=("tanh", "relu"))
    with pytest.raises(ValueError, match="at least one unit"):
        training.Network(hidden=(4, 0))
    with pytest.raises(ValueError, match="no parameter"):
        training.Network(hidden=(4,), activations=[("tanh", {"alpha": 1.0})])
    network = training.Network(hidden=(4,))
    with pytest.raises(ValueError, match="shape"):
        network.set_parameters([np.zeros((3, 4)), *network.parameters[1:]])
    X, y, _ = _small_problem("bce")
    with pytest.raises(ValueError, match="loss"):
        training.Trainer(network, X, y, loss="hinge")
    with pytest.raises(ValueError, match="optimizer"):
        training.Trainer(network, X, y, optimizer="rmsprop")
    with pytest.raises(ValueError, match="learning rate"):
        training.Trainer(network, X, y, learning_rate=0.0)


def _one_step(optimizer, steps=1, l2=0.0):
    X, y, _ = _small_problem("bce")
    network = training.Network(hidden=(3,), activations="tanh", seed=5)
    start = [p.copy() for p in network.parameters]
    trainer = training.Trainer(
        network, X, y, optimizer=optimizer, learning_rate=0.1, batch_size=len(X), l2=l2
    )
    gradients_seen = []
    for _ in range(steps):
        gradients_seen.append(network.loss_and_gradients(X, y, "bce")[1])
        trainer.step(X, y)
    return start, gradients_seen, network.parameters


def test_sgd_step_moves_against_the_gradient_with_l2_on_weights_only():
    start, (gradients,), after = _one_step("sgd", l2=0.5)
    for index, (old, gradient, new) in enumerate(zip(start, gradients, after, strict=True)):
        penalty = 0.5 * old if index % 2 == 0 else 0.0
        np.testing.assert_allclose(new, old - 0.1 * (gradient + penalty), rtol=1e-14)


def test_momentum_accumulates_velocity():
    start, (first, second), after = _one_step("momentum", steps=2)
    for old, g1, g2, new in zip(start, first, second, after, strict=True):
        velocity = training.MOMENTUM * g1 + g2
        np.testing.assert_allclose(new, old - 0.1 * g1 - 0.1 * velocity, rtol=1e-12, atol=1e-15)


def test_adam_first_step_has_the_size_of_the_learning_rate():
    start, (gradients,), after = _one_step("adam")
    for old, gradient, new in zip(start, gradients, after, strict=True):
        # With bias correction, m̂/√v̂ = g/|g| on the first step.
        expected = old - 0.1 * gradient / (np.abs(gradient) + training.ADAM_EPSILON)
        np.testing.assert_allclose(new, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("optimizer", training.OPTIMIZERS)
def test_each_optimizer_learns_the_gaussian_clusters(optimizer):
    X, y = datasets.make("gauss", n=200, seed=0)
    X_train, y_train, X_test, y_test = training.split(X, y, 0.8, seed=0)
    network = training.Network(hidden=(4,), activations="tanh", seed=0)
    rate = {"sgd": 0.1, "momentum": 0.02, "adam": 0.01}[optimizer]
    trainer = training.Trainer(
        network, X_train, y_train, X_test, y_test, optimizer=optimizer, learning_rate=rate
    )
    first = trainer.run_epoch()
    for _ in range(9):
        last = trainer.run_epoch()
    assert last.epoch == 10
    assert last.train_loss < first.train_loss
    assert last.test_accuracy >= 0.95
    assert len(last.gradient_rms) == 2 and len(last.dead_fraction) == 1


def test_evaluate_reports_the_current_weights_without_training():
    X, y = datasets.make("moons", n=80, seed=0)
    network = training.Network(hidden=(4,), activations="relu", seed=0)
    trainer = training.Trainer(network, X, y)
    start = [p.copy() for p in network.parameters]
    before = trainer.evaluate()
    assert before.epoch == 0
    assert before.train_loss == pytest.approx(network.loss_and_gradients(X, y, "bce")[0])
    for old, new in zip(start, network.parameters, strict=True):
        np.testing.assert_array_equal(old, new)
    after = trainer.run_epoch()
    assert trainer.evaluate() == after


def test_same_seed_gives_the_same_run():
    X, y = datasets.make("xor", n=100, seed=1)

    def run():
        network = training.Network(hidden=(6,), activations="relu", seed=3)
        trainer = training.Trainer(network, X, y, optimizer="adam", learning_rate=0.01, seed=7)
        return [trainer.run_epoch().train_loss for _ in range(3)]

    assert run() == run()


def test_divergence_stops_with_the_epoch_and_keeps_finite_weights():
    X, y = datasets.make("plane", n=100, seed=0)
    network = training.Network(hidden=(8, 8), activations="relu", seed=0)
    trainer = training.Trainer(network, X, y, loss="mse", learning_rate=50.0, batch_size=5)
    with pytest.raises(training.Diverged, match=r"diverged at epoch \d+: lower the learning rate"):
        for _ in range(50):
            kept = [p.copy() for p in network.parameters]
            trainer.run_epoch()
    assert all(np.all(np.isfinite(p)) for p in network.parameters)
    for before, after in zip(kept, network.parameters, strict=True):
        np.testing.assert_array_equal(before, after)


def test_dead_fraction_counts_units_silent_on_every_point():
    network = training.Network(hidden=(4,), activations="relu", seed=0)
    weights, _, head, head_bias = network.parameters
    # Units 0 and 1 get a bias so negative that no input in the box reaches 0.
    network.set_parameters([weights, np.array([-100.0, -100.0, 100.0, 0.0]), head, head_bias])
    X = np.random.default_rng(0).uniform(-5, 5, (50, 2))
    assert network.dead_fraction(X) == [0.5]
    # A smooth activation never has f' = 0 exactly.
    smooth = training.Network(hidden=(4,), activations="gelu", seed=0)
    assert smooth.dead_fraction(X) == [0.0]


def test_accuracy_for_each_loss():
    logits = np.array([[2.0], [-1.0], [0.5]])
    assert training.accuracy(logits, [1, 0, 0], "bce") == pytest.approx(2 / 3)
    scores = np.array([[0.1, 0.9, 0.0], [2.0, 0.0, 1.0]])
    assert training.accuracy(scores, [1, 2], "ce") == pytest.approx(0.5)
    assert math.isnan(training.accuracy(logits, [0.0, 0.0, 0.0], "mse"))


def test_split_is_seeded_and_keeps_both_sides():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    X_train, y_train, X_test, y_test = training.split(X, y, 0.7, seed=2)
    assert len(X_train) == 7 and len(X_test) == 3
    assert sorted(np.concatenate([y_train, y_test])) == list(range(10))
    np.testing.assert_array_equal(X_train[:, 0] / 2, y_train)
    assert training.split(X[:2], y[:2], 0.99)[2].shape == (1, 2)
    with pytest.raises(ValueError, match="train fraction"):
        training.split(X, y, 1.0)


def _record(epoch: int, layers: int) -> training.EpochRecord:
    return training.EpochRecord(
        epoch=epoch,
        train_loss=1.0 / (epoch + 1),
        test_loss=2.0 / (epoch + 1),
        train_accuracy=0.5,
        test_accuracy=0.25,
        dead_fraction=tuple(0.125 * layer for layer in range(layers)),
        gradient_rms=tuple(float(epoch + layer) for layer in range(layers + 1)),
    )


def test_history_columns_hold_every_record_as_it_grows():
    """The Train tab reads its learning curves as columns; they must equal the records,
    however often the run appended to them and however far past the first capacity."""
    history = training.History([_record(0, 2)])
    for start in range(1, 1000, 37):
        history.extend([_record(epoch, 2) for epoch in range(start, start + 37)])
    history.extend([])
    assert len(history) == 1 + 27 * 37 and history[-1].epoch == 999
    np.testing.assert_array_equal(history.column("epoch"), np.arange(1000.0))
    np.testing.assert_array_equal(history.column("test_loss"), 2.0 / (np.arange(1000.0) + 1))
    assert history.column("dead_fraction").shape == (1000, 2)
    np.testing.assert_array_equal(history.column("dead_fraction")[-1], [0.0, 0.125])
    np.testing.assert_array_equal(history.column("gradient_rms")[7], [7.0, 8.0, 9.0])
    assert [record.epoch for record in history][:3] == [0, 1, 2]
    assert history[-1] == _record(999, 2) and history[5] == _record(5, 2)
    assert history[997:] == [_record(997, 2), _record(998, 2), _record(999, 2)]
    with pytest.raises(IndexError):
        history[1000]
    with pytest.raises(KeyError):
        history.column("learning_rate")


def test_history_of_a_network_without_hidden_layers_has_empty_layer_columns():
    history = training.History([_record(0, 0), _record(1, 0)])
    assert history.column("dead_fraction").shape == (2, 0)
    assert history.column("gradient_rms").shape == (2, 1)


def test_forward_on_many_points_matches_each_point_alone():
    """Large inputs go through in chunks (the boundary map's 10,000 points); every point's
    output must be what it gets alone, remainder chunk included."""
    network = training.Network(hidden=(32, 5), n_outputs=3, activations="gelu", seed=4)
    X = np.random.default_rng(2).normal(0.0, 2.0, (1001, 2))
    outputs = network.forward(X)
    assert outputs.shape == (1001, 3)
    alone = np.vstack([network.forward(X[index : index + 1]) for index in range(len(X))])
    np.testing.assert_allclose(outputs, alone, rtol=1e-13, atol=1e-15)
