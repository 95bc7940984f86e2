"""ThinnedCurve: a PlotDataItem that strokes at most four samples per pixel column.

A million samples of a curve fall on about a thousand pixel columns: stroking all of them
costs a thousand times what the screen can show. Within one column a polyline covers the
vertical span from its lowest to its highest point and enters and leaves at its first and
last point, so keeping exactly those four samples per column (in order) draws the same
column. Unlike subsampling, a one-sample spike (a derivative's step, a kink) is never
skipped, and unlike pyqtgraph's "peak" downsampling every kept point is an exact
``(x, f(x))`` pair. Like pyqtgraph's own reductions, ``getData()`` returns what is drawn;
``xData`` and ``yData`` keep every sample.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset

# Below this many samples per column thinning saves too little to be worth its arithmetic.
THIN_ABOVE_PER_COLUMN = 4


def column_peaks(x: np.ndarray, y: np.ndarray, x_low: float, x_high: float, columns: int):
    """Indices of the samples to keep: per pixel column, the first, last, lowest and
    highest sample, plus every non-finite sample with its neighbours (they break the line).

    Parameters
    ----------
    x, y : numpy.ndarray
        The samples, ``x`` ascending.
    x_low, x_high : float
        The x-interval the ``columns`` pixel columns span.
    columns : int
        Pixel columns of the plot.

    Returns
    -------
    numpy.ndarray
        Sorted, unique indices into ``x`` and ``y``.
    """
    count = x.size
    if count <= 2 or columns < 1 or not x_high > x_low:
        return np.arange(count)
    scale = columns / (x_high - x_low)
    # Samples beyond the view share the two bins just outside it.
    column = np.clip(np.floor((x - x_low) * scale), -1, columns).astype(np.intp)
    starts = np.flatnonzero(np.diff(column)) + 1
    starts = np.concatenate(([0], starts))
    lasts = np.concatenate((starts[1:] - 1, [count - 1]))
    lengths = lasts - starts + 1
    segment = np.repeat(np.arange(starts.size), lengths)
    finite = np.isfinite(y)
    keep = [starts, lasts]
    for reduce in (np.fmin, np.fmax):  # fmin/fmax skip nan; ±inf count as extremes
        extreme = reduce.reduceat(y, starts)
        hits = np.flatnonzero(y == extreme[segment])
        # hits ascend, so each segment's first hit is where the segment number changes:
        # np.unique found the same by hashing every hit, the cost of the whole function.
        hit_segments = segment[hits]
        first_hit = np.flatnonzero(np.diff(hit_segments, prepend=-1))
        keep.append(hits[first_hit])
    broken = np.flatnonzero(~finite)
    if broken.size:
        keep.extend((broken, np.maximum(broken - 1, 0), np.minimum(broken + 1, count - 1)))
    # Sorted and deduplicated by hand: np.unique hashes first, several times the cost of
    # sorting these few thousand indices.
    kept = np.concatenate(keep)
    kept.sort()
    return kept[np.concatenate(([True], kept[1:] != kept[:-1]))]


class ThinnedCurve(pg.PlotDataItem):
    """A :class:`pyqtgraph.PlotDataItem` whose displayed samples are thinned per pixel
    column (see :func:`column_peaks`) once there are more than four per column."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._thinned_source: PlotDataset | None = None
        self._thinned_for: tuple | None = None
        self._thinned: PlotDataset | None = None

    def _getDisplayDataset(self) -> PlotDataset | None:
        dataset = super()._getDisplayDataset()
        view = self.getViewBox()
        columns = int(view.width()) if view is not None else 0
        if (
            dataset is None
            or dataset.x is None
            or view is None
            or dataset.x.size <= THIN_ABOVE_PER_COLUMN * max(columns, 1)
        ):
            # Let go of earlier data and its thinned copy: at 10⁶ samples they hold megabytes.
            self._thinned_source = self._thinned = self._thinned_for = None
            return dataset
        (x_low, x_high), _ = view.viewRange()
        screen = (columns, x_low, x_high)
        if dataset is not self._thinned_source or screen != self._thinned_for:
            keep = column_peaks(dataset.x, dataset.y, x_low, x_high, columns)
            self._thinned = PlotDataset(
                dataset.x[keep], dataset.y[keep], dataset.xAllFinite, dataset.yAllFinite
            )
            self._thinned_source, self._thinned_for = dataset, screen
        return self._thinned
