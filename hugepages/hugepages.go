// Package hugepages asks the system to back large memory with transparent
// huge pages. On a virtual machine every first touch of a small (4 KiB)
// page costs a fault that is far dearer than the work done with the page:
// a run over a state of hundreds of megabytes spends a second or more
// faulting in its memory one small page at a time. Linux can give 2 MiB
// pages instead, where a range asks for them (transparent huge pages in
// "madvise" mode, the common default). Elsewhere the functions do nothing
// (Advise) or report that they cannot (Map).
package hugepages
