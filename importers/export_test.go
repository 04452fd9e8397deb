package importers

// OffHeapForTest makes every file read outside the heap and release
// call scribble instead of unmapping; it returns the way back.
func OffHeapForTest(scribble func([]byte)) (restore func()) {
	from, rel := offHeapFrom, releaseMapped
	offHeapFrom, releaseMapped = 1, scribble
	return func() { offHeapFrom, releaseMapped = from, rel }
}
