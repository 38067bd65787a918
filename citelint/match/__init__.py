"""Finding each reference's published record: lookup, matching, field alignment, and reading records.

Between the sources (which answer) and the rules (which compare): the only step that reaches the network.
"""
