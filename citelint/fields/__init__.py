"""What citelint knows about printed fields: names, pages, journals, words and the text patterns they share.

Readers and rules use these to read and compare a reference's fields; nothing here reads a file or asks a source.
"""
