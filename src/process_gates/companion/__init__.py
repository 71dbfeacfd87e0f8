"""The companion of the required check: changes on the issue side fire no pull-request event, so when a
linked issue's labels change, the gates' latest workflow run for each referencing PR is re-run."""
