package newsfind

// MaxDeleteIDs bounds one delete: a request names at most this many
// articles.
const MaxDeleteIDs = 10000

// DeleteIDs checks the ids of one delete and returns them without repeats,
// in their first order: the one check a node makes before it deletes or
// logs a delete, so a single process and a cluster refuse the same input.
func DeleteIDs(ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, Errorf(EINVALID, "no article ids to delete")
	}
	if len(ids) > MaxDeleteIDs {
		return nil, LimitErrorf(ETOOLARGE, "max_delete_ids", "at most %d articles per delete (max_delete_ids); send several", MaxDeleteIDs)
	}
	seen := make(map[string]bool, len(ids))
	want := make([]string, 0, len(ids))
	for _, id := range ids {
		if !ValidID(id) {
			return nil, Errorf(EINVALID, "%q is not an article id", Echo(id))
		}
		if !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	return want, nil
}
