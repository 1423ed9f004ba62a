"""Code every İrtibat service shares: settings, contracts, topology, messaging, storage, telemetry."""
