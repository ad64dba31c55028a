"""What the settlement process tells the apps above it.

``case_arrived`` is sent inside the arrival's transaction, once the household is in the register, with
the keyword arguments ``case``, ``household``, ``actor`` and ``channel``: the housing app moves the
tenancy it held for the case to the household. A receiver that raises undoes the whole arrival.
"""

from django.dispatch import Signal

case_arrived = Signal()
