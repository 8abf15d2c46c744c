"""PySide6 health check: signal and model emissions in bulk must not abort the interpreter.

PySide6 6.12.0 on Python 3.11 drops a reference to True / None per emission and aborts the
process after a few hundred signals; the pin `<6.12` stays until this passes on a newer one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Signal

    app = QCoreApplication(sys.argv)

    class Emitter(QObject):
        progressed = Signal(int)

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 10
        def columnCount(self, parent=QModelIndex()):
            return 3
        def data(self, index, role=0):
            return None

    received = []
    emitter = Emitter()
    emitter.progressed.connect(lambda n: received.append(n))
    for i in range(10_000):
        emitter.progressed.emit(i)

    model = Model()
    changes = []
    model.dataChanged.connect(lambda a, b, roles=(): changes.append(1))
    top, bottom = model.index(0, 0), model.index(9, 2)
    for _ in range(10_000):
        model.dataChanged.emit(top, bottom, [])

    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    for _ in range(10_000):
        model.beginResetModel()
        model.endResetModel()

    print(len(received), len(changes), len(resets))
    """
)


def test_ten_thousand_signals_model_changes_and_resets_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["10000", "10000", "10000"]
