"""SLO gates: validate OpenSLO, Sloth and slo-generator files, and require them where the policy says."""
