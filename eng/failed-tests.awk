# Each failed test of an xunit Markdown report, with the start and the end of its message (no stack frames): what a
# reader of the last lines of CI's output needs to know which test failed and why.
function flush(   i) {
  if (name == "") return
  print name
  for (i = 1; i <= n; i++) if (i <= 6 || i > n - 6) print lines[i]; else if (i == 7) print "  …"
  name = ""; n = 0
}
/^#### / { flush(); failed = ($0 ~ /^#### Failed/); next }
failed && /^\* / { flush(); name = $0; next }
failed && name != "" && !/^ *```/ && !/^ *_Exception:_/ && !/^ *at / && !/End of stack trace/ && !/^ *$/ { lines[++n] = $0 }
END { flush() }
