"""Bounded parsing of untrusted PDF bytes: a pre-scan of objects, streams and content that
refuses a document before any PDF library opens it, and a child process with CPU, wall-time and
memory limits in which extraction runs."""
