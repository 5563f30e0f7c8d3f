# Compiled declarations for recover.py (see setup.py): a capture line's record is a C struct, read without a
# dictionary lookup for each of the ~5,000 attribute reads a typical capture's rules make.

cdef class _Line:
    cdef public Py_ssize_t n
    cdef public str text
    cdef public bint keep
    cdef public object kind, reason, shown
