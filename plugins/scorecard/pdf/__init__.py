"""Bounded parsing of untrusted PDF bytes: a pre-scan of objects, streams and content, read as
pdfminer reads them and linear in the file's size, that refuses a document before any PDF
library opens it, and a child process with CPU, wall-time and memory limits in which the pre-scan
(at fetch time too) and extraction run."""
