"""The command line around the pipeline: arguments, configuration, the check run, rules engine, fixes and baselines.
"""
