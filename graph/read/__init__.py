"""Read: decode report files and lay their text out as lines (the first stage)."""
