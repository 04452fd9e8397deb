package terraform

// position returns where in list the element whose key is k sits, or -1.
// Short lists are scanned; once a list has more than above elements an
// index by key is built into *idx (room for the list to double), which
// the list's owner keeps up to date as it appends. Keys are unique in the
// lists it serves (leaves by value, resolved dependencies by instance).
func position[K comparable, T any](list []T, idx *map[K]int32, above int, k K, key func(*T) K) int {
	if *idx == nil && len(list) > above {
		m := make(map[K]int32, 2*len(list))
		for i := range list {
			m[key(&list[i])] = int32(i)
		}
		*idx = m
	}
	if *idx != nil {
		if i, ok := (*idx)[k]; ok {
			return int(i)
		}
		return -1
	}
	for i := range list {
		if key(&list[i]) == k {
			return i
		}
	}
	return -1
}
