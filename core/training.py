"""Small dense networks trained on 2-D data: forward pass, exact backpropagation, optimizers.

Everything is float64 numpy. Backpropagation multiplies by the registry's own analytic
derivatives (``Activation.derivative``), never by finite differences, so a unit whose f' is
exactly 0 is exactly dead.

>>> from core import datasets, training
>>> X, y = datasets.make("gauss", n=100, seed=0)
>>> net = training.Network(hidden=(4,), activations="tanh", seed=0)
>>> trainer = training.Trainer(net, X, y, X, y, loss="bce", learning_rate=0.1)
>>> trainer.run_epoch().train_accuracy > 0.9
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core import activations
from core.depth import gain_for
from core.softmax import log_softmax, softmax

LOSSES = ("bce", "ce", "mse")
OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
ADAM_BETAS = (0.9, 0.999)
ADAM_EPSILON = 1e-8
# Elements of one layer's array in a chunk of Network.forward: 125,000 bytes, under glibc's
# 128 KiB threshold for serving memory from fresh pages.
_FORWARD_CHUNK_ELEMENTS = 15_625


class Diverged(ArithmeticError):
    """Training produced a loss or a weight that is not finite; the weights were put back."""

    def __init__(self, epoch: int):
        super().__init__(f"diverged at epoch {epoch}: lower the learning rate")
        self.epoch = epoch


def _layer_activations(spec, depth: int) -> list[tuple[str, dict[str, float]]]:
    """One (key, resolved params) per hidden layer from a key, a (key, params) pair, or a
    sequence of either with one entry per layer."""

    def one(item) -> tuple[str, dict[str, float]]:
        key, params = (item, {}) if isinstance(item, str) else item
        return key, activations.get(key).resolve(dict(params))

    if isinstance(spec, str) or (
        isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[1], dict)
    ):
        return [one(spec)] * depth
    layers = [one(item) for item in spec]
    if len(layers) != depth:
        raise ValueError(f"expected one activation per hidden layer ({depth}), got {len(layers)}")
    return layers


class Network:
    """A dense network: inputs → hidden layers (each with its activation) → linear outputs.

    Parameters
    ----------
    n_inputs : int, default 2
    hidden : sequence of int, default (8, 8)
        Units per hidden layer; () is a linear model.
    n_outputs : int, default 1
        1 for binary cross-entropy or a single regression target, K for K classes.
    activations : str, (str, dict), or a sequence of them, default "tanh"
        The activation of every hidden layer, or one per layer, with its parameters:
        ``("tanh", ("elu", {"alpha": 0.5}))``.
    init : "xavier", "he" or a gain, default "xavier"
        Weights ~ N(0, g²/fan_in) with g = 1 (Xavier), √2 (He) or the number given;
        biases start at 0.
    seed : int, default 0
        The same seed gives the same initial weights.
    """

    def __init__(
        self,
        n_inputs: int = 2,
        hidden: Sequence[int] = (8, 8),
        n_outputs: int = 1,
        activations="tanh",
        init="xavier",
        seed: int = 0,
    ):
        sizes = [int(n_inputs), *(int(units) for units in hidden), int(n_outputs)]
        if any(size < 1 for size in sizes):
            raise ValueError(f"every layer needs at least one unit, got {sizes}")
        self.sizes = tuple(sizes)
        self.layers = _layer_activations(activations, len(sizes) - 2)
        self.init = init
        gain = gain_for(init)
        rng = np.random.default_rng(seed)
        self.parameters: list[np.ndarray] = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            self.parameters.append(
                rng.standard_normal((fan_in, fan_out)) * (gain / math.sqrt(fan_in))
            )
            self.parameters.append(np.zeros(fan_out))

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    def set_parameters(self, parameters: Sequence[np.ndarray]) -> None:
        """Replace every weight and bias (copies, checked against the architecture)."""
        if len(parameters) != len(self.parameters):
            raise ValueError(f"expected {len(self.parameters)} arrays, got {len(parameters)}")
        new = []
        for old, value in zip(self.parameters, parameters, strict=True):
            array = np.array(value, dtype=np.float64)
            if array.shape != old.shape:
                raise ValueError(f"expected an array of shape {old.shape}, got {array.shape}")
            new.append(array)
        self.parameters = new

    def _pass(self, X, slopes: list | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """(inputs of every layer, pre-activations of every layer) for inputs X. With a
        list for ``slopes``, each hidden layer's f'(pre-activation) is appended to it: the
        backward pass needs them, and computing both at once shares the work (GELU's Φ).

        Every array is feature-major, shape (units, points): adding a layer's bias then
        runs along the points, one long loop, where points-major arrays of 8 units made
        numpy add it 8 numbers at a time (half the cost of a 100 x 100 boundary map).
        """
        a = np.asarray(X, dtype=np.float64).T
        inputs, pre = [], []
        # Underflow to 0 is the right answer, as in the functions' own calls.
        with np.errstate(under="ignore"):
            for index in range(len(self.sizes) - 1):
                inputs.append(a)
                z = self._pre_activation(index, a)
                pre.append(z)
                if index < len(self.layers):
                    key, params = self.layers[index]
                    function = activations.get(key)
                    if slopes is None:
                        a = function.value(z, **params)
                    else:
                        # The layers' parameters were resolved when the network was built.
                        a, slope = function.value_and_derivative_prepared(z, params)
                        slopes.append(slope)
        return inputs, pre

    def forward(self, X) -> np.ndarray:
        """Raw outputs (logits or regression values), shape (n, n_outputs).

        Many points (the Train tab's 100 x 100 boundary map) go through in chunks whose
        layer arrays stay under 128 KiB, keeping no layer once the next is computed: glibc
        hands out larger blocks as fresh pages from the kernel on every call, and the page
        faults cost more than a tanh network's arithmetic (its map: 6.0 ms whole, 1.7 ms
        in chunks).
        """
        X = np.asarray(X, dtype=np.float64)
        chunk = max(1, _FORWARD_CHUNK_ELEMENTS // max(self.sizes))
        if len(X) <= chunk:
            return self._forward_chunk(X)
        outputs = np.empty((len(X), self.sizes[-1]))
        for start in range(0, len(X), chunk):
            outputs[start : start + chunk] = self._forward_chunk(X[start : start + chunk])
        return outputs

    def _forward_chunk(self, X: np.ndarray) -> np.ndarray:
        a = X.T
        for index in range(len(self.sizes) - 1):
            z = self._pre_activation(index, a)
            if index < len(self.layers):
                key, params = self.layers[index]
                a = activations.get(key).value(z, **params)
        return z.T

    def _pre_activation(self, index: int, a: np.ndarray) -> np.ndarray:
        """Layer ``index``'s W·a + b for feature-major inputs ``a``; C-contiguous, as
        ``value_and_derivative_prepared`` needs."""
        z = self.parameters[2 * index].T @ a
        z += self.parameters[2 * index + 1][:, None]
        return z

    def hidden_outputs(self, X) -> list[np.ndarray]:
        """Each hidden layer's output for inputs X, shape (n, units) per layer."""
        inputs, _ = self._pass(X)
        return [layer.T for layer in inputs[1:]]

    def loss_and_gradients(self, X, y, loss: str = "bce") -> tuple[float, list[np.ndarray]]:
        """The mean loss over the points and its exact gradient for every parameter.

        ``bce``: binary cross-entropy of the single output as a logit, labels 0/1, in the
        stable form softplus(z) − y·z. ``ce``: softmax cross-entropy, integer labels.
        ``mse``: mean over points and outputs of (output − target)².
        """
        value, gradients, _, _ = self._backpropagate(X, y, loss)
        return value, gradients

    def _backpropagate(self, X, y, loss: str):
        """(loss, gradients, outputs (n, n_outputs), each hidden layer's slopes (units, n)):
        what an epoch's metrics need from one pass over the training points."""
        slopes: list[np.ndarray] = []
        inputs, pre = self._pass(X, slopes)
        outputs = pre[-1].T
        value, delta = _loss_and_output_gradient(outputs, y, loss)
        delta = delta.T  # feature-major, as the pass's arrays
        gradients: list[np.ndarray] = [np.empty(0)] * len(self.parameters)
        for index in range(len(self.sizes) - 2, -1, -1):
            W = self.parameters[2 * index]
            gradients[2 * index] = inputs[index] @ delta.T
            gradients[2 * index + 1] = np.add.reduce(delta, axis=1)
            if index > 0:
                delta = (W @ delta) * slopes[index - 1]
        return value, gradients, outputs, slopes

    def dead_fraction(self, X) -> list[float]:
        """Per hidden layer, the fraction of units with f' = 0 at every point of X."""
        slopes: list[np.ndarray] = []
        self._pass(X, slopes)
        return _dead_fractions(slopes)


def _dead_fractions(slopes: list[np.ndarray]) -> list[float]:
    """Per hidden layer, the share of units (rows) whose slope is 0 at every point."""
    return [float(np.mean(np.all(slope == 0.0, axis=1))) for slope in slopes]


def _loss_and_output_gradient(z: np.ndarray, y, loss: str) -> tuple[float, np.ndarray]:
    n = z.shape[0]
    if loss == "bce":
        if z.shape[1] != 1:
            raise ValueError("binary cross-entropy needs one output")
        target = np.asarray(y, dtype=np.float64).reshape(n, 1)
        logits = z
        value = float(np.mean(np.logaddexp(0.0, logits) - target * logits))
        probability = activations.sigmoid(logits)
        return value, (probability - target) / n
    if loss == "ce":
        labels = np.asarray(y, dtype=np.int64).reshape(n)
        if labels.min(initial=0) < 0 or labels.max(initial=0) >= z.shape[1]:
            raise ValueError(f"labels must be classes 0..{z.shape[1] - 1}")
        rows = np.arange(n)
        value = float(-np.mean(log_softmax(z)[rows, labels]))
        delta = softmax(z)
        delta[rows, labels] -= 1.0
        return value, delta / n
    if loss == "mse":
        target = np.asarray(y, dtype=np.float64).reshape(n, -1)
        residual = z - target
        return float(np.mean(residual * residual)), 2.0 * residual / residual.size
    raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")


def accuracy(outputs: np.ndarray, y, loss: str) -> float:
    """Share of points classified right (nan for regression)."""
    if loss == "bce":
        return float(np.mean((outputs[:, 0] > 0.0) == (np.asarray(y).reshape(-1) > 0.5)))
    if loss == "ce":
        return float(np.mean(np.argmax(outputs, axis=1) == np.asarray(y).reshape(-1)))
    return math.nan


@dataclass(frozen=True)
class EpochRecord:
    """What one epoch left behind."""

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    dead_fraction: tuple[float, ...]  # per hidden layer
    gradient_rms: tuple[float, ...]  # per layer: RMS of the full-batch weight gradient


class History:
    """A run's epoch records, kept as numpy columns that grow with it.

    The Train tab redraws its learning curves every few frames from every epoch so far;
    gathering them from records is a Python loop over the whole run (15 ms per frame after
    60,000 epochs), while :meth:`column` returns a view. No record object is kept: three
    per epoch per runner made the garbage collector's full passes, which stop the window,
    grow with the run. Indexing, slicing, iterating and ``len`` give
    :class:`EpochRecord` objects, as a list of them would.
    """

    SCALARS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
    PER_LAYER = ("dead_fraction", "gradient_rms")

    def __init__(self, records: Sequence[EpochRecord] = ()):
        self._length = 0
        self._columns: dict[str, np.ndarray] = {}
        self.extend(records)

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._record(row) for row in range(*index.indices(self._length))]
        row = index + self._length if index < 0 else index
        if not 0 <= row < self._length:
            raise IndexError(f"epoch index {index} out of range for {self._length} epochs")
        return self._record(row)

    def __iter__(self):
        return (self._record(row) for row in range(self._length))

    def _record(self, row: int) -> EpochRecord:
        columns = self._columns
        return EpochRecord(
            epoch=int(columns["epoch"][row]),
            train_loss=float(columns["train_loss"][row]),
            test_loss=float(columns["test_loss"][row]),
            train_accuracy=float(columns["train_accuracy"][row]),
            test_accuracy=float(columns["test_accuracy"][row]),
            dead_fraction=tuple(columns["dead_fraction"][row].tolist()),
            gradient_rms=tuple(columns["gradient_rms"][row].tolist()),
        )

    def extend(self, records: Sequence[EpochRecord]) -> None:
        """Append ``records`` (of one network: the per-layer tuples keep their length)."""
        if not records:
            return
        start, stop = self._length, self._length + len(records)
        new = {
            name: np.array([getattr(record, name) for record in records], dtype=float)
            for name in self.SCALARS + self.PER_LAYER
        }
        for name, values in new.items():
            column = self._columns.get(name)
            if column is None or len(column) < stop:
                # Capacity doubles: appending stays O(1) per epoch on average.
                grown = np.empty((max(2 * stop, 64), *values.shape[1:]))
                if column is not None:
                    grown[:start] = column[:start]
                column = self._columns[name] = grown
            column[start:stop] = values
        self._length = stop

    def column(self, name: str) -> np.ndarray:
        """Every epoch's ``name`` (an attribute of :class:`EpochRecord`), shape (epochs,),
        or (epochs, layers) for the per-layer ones. A view: copy it to keep it."""
        if name not in self.SCALARS + self.PER_LAYER:
            raise KeyError(f"no column {name!r}")
        column = self._columns.get(name)
        return column[: self._length] if column is not None else np.empty(0)


class Trainer:
    """Minibatch training of a :class:`Network`, an epoch at a time.

    Parameters
    ----------
    optimizer : "sgd", "momentum" or "adam"
        Plain steps; heavy-ball momentum 0.9; Adam with β = (0.9, 0.999), ε = 1e-8 and bias
        correction.
    l2 : float, default 0
        Adds l2·W to every weight gradient (not to biases).
    seed : int
        Shuffles the minibatches; the same seed gives the same run.
    """

    def __init__(
        self,
        network: Network,
        X_train,
        y_train,
        X_test=None,
        y_test=None,
        loss: str = "bce",
        optimizer: str = "sgd",
        learning_rate: float = 0.03,
        batch_size: int = 10,
        l2: float = 0.0,
        seed: int = 0,
    ):
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {optimizer!r}")
        if not (learning_rate > 0 and math.isfinite(learning_rate)):
            raise ValueError(f"learning rate must be a finite number > 0, got {learning_rate!r}")
        if int(batch_size) < 1:
            raise ValueError(f"batch size must be at least 1, got {batch_size!r}")
        if not (l2 >= 0 and math.isfinite(l2)):
            raise ValueError(f"l2 must be a finite number ≥ 0, got {l2!r}")
        self.network = network
        self.X_train = np.asarray(X_train, dtype=np.float64)
        self.y_train = np.asarray(y_train)
        self.X_test = self.X_train if X_test is None else np.asarray(X_test, dtype=np.float64)
        self.y_test = self.y_train if y_test is None else np.asarray(y_test)
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = float(learning_rate)
        self.batch_size = int(batch_size)
        self.l2 = float(l2)
        self.epoch = 0
        self._rng = np.random.default_rng(seed)
        self._steps = 0
        self._first_moment = [np.zeros_like(p) for p in network.parameters]
        self._second_moment = [np.zeros_like(p) for p in network.parameters]

    def step(self, X, y) -> float:
        """One update on the batch (X, y); returns the batch loss before the update."""
        network = self.network
        value, gradients = network.loss_and_gradients(X, y, self.loss)
        if self.l2:
            for index in range(0, len(gradients), 2):
                gradients[index] = gradients[index] + self.l2 * network.parameters[index]
        self._steps += 1
        rate = self.learning_rate
        updated = []
        for index, (parameter, gradient) in enumerate(
            zip(network.parameters, gradients, strict=True)
        ):
            if self.optimizer == "sgd":
                change = rate * gradient
            elif self.optimizer == "momentum":
                velocity = self._first_moment[index] = (
                    MOMENTUM * self._first_moment[index] + gradient
                )
                change = rate * velocity
            else:
                beta1, beta2 = ADAM_BETAS
                m = self._first_moment[index] = (
                    beta1 * self._first_moment[index] + (1.0 - beta1) * gradient
                )
                v = self._second_moment[index] = beta2 * self._second_moment[index] + (
                    1.0 - beta2
                ) * (gradient * gradient)
                m_hat = m / (1.0 - beta1**self._steps)
                v_hat = v / (1.0 - beta2**self._steps)
                change = rate * m_hat / (np.sqrt(v_hat) + ADAM_EPSILON)
            updated.append(parameter - change)
        network.parameters = updated
        return value

    def run_epoch(self) -> EpochRecord:
        """One pass over the training points in shuffled minibatches, then the metrics.

        Raises
        ------
        Diverged
            When a loss or a weight stops being finite; the weights are those from before
            the epoch.
        """
        network = self.network
        before = [p.copy() for p in network.parameters]
        moments = ([m.copy() for m in self._first_moment], [v.copy() for v in self._second_moment])
        steps = self._steps
        order = self._rng.permutation(len(self.X_train))
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, order.size, self.batch_size):
                batch = order[start : start + self.batch_size]
                self.step(self.X_train[batch], self.y_train[batch])
            record = self._measure(self.epoch + 1)
        finite = math.isfinite(record.train_loss) and all(
            np.all(np.isfinite(p)) for p in network.parameters
        )
        if not finite:
            network.parameters = before
            self._first_moment, self._second_moment = moments
            self._steps = steps
            raise Diverged(self.epoch + 1)
        self.epoch += 1
        return record

    def evaluate(self) -> EpochRecord:
        """The metrics of the current weights, without training (epoch 0 before any)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self._measure(self.epoch)

    def _measure(self, epoch: int) -> EpochRecord:
        network = self.network
        # One pass over the training points gives their loss, outputs and slopes.
        train_loss, gradients, train_outputs, slopes = network._backpropagate(
            self.X_train, self.y_train, self.loss
        )
        test_outputs = network.forward(self.X_test)
        test_loss, _ = _loss_and_output_gradient(test_outputs, self.y_test, self.loss)
        return EpochRecord(
            epoch=epoch,
            train_loss=train_loss,
            test_loss=test_loss,
            train_accuracy=accuracy(train_outputs, self.y_train, self.loss),
            test_accuracy=accuracy(test_outputs, self.y_test, self.loss),
            dead_fraction=tuple(_dead_fractions(slopes)),
            gradient_rms=tuple(
                float(np.sqrt(np.mean(gradients[index] ** 2)))
                for index in range(0, len(gradients), 2)
            ),
        )


def split(X, y, train_fraction: float = 0.8, seed: int = 0):
    """(X_train, y_train, X_test, y_test): a seeded random split keeping at least one point
    on each side."""
    if not (0.0 < train_fraction < 1.0):
        raise ValueError(f"train fraction must be between 0 and 1, got {train_fraction!r}")
    X, y = np.asarray(X), np.asarray(y)
    order = np.random.default_rng(seed).permutation(len(X))
    cut = min(max(1, round(train_fraction * len(X))), len(X) - 1)
    return X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]]
