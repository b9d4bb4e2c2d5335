"""The typed model: observations, treaties, obligations and findings. It knows no engine."""
