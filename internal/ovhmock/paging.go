package ovhmock

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Pagination headers of the node lists. The schema lists X-Pagination-Cursor
// as a request header of GET /node and GET /nodepool/{nodePoolId}/nodes; the
// API answers the next page's cursor in X-Pagination-Cursor-Next and takes a
// page size in X-Pagination-Size, as its other cursor-paged lists do.
const (
	headerCursor     = "X-Pagination-Cursor"
	headerCursorNext = "X-Pagination-Cursor-Next"
	headerPageSize   = "X-Pagination-Size"
)

// cursorPrefix starts every cursor the mock gives, once decoded.
const cursorPrefix = "ovhmock-nodes"

// listKey names one list: its path and whether it is the history.
func listKey(c *call) string {
	return c.r.URL.EscapedPath() + "?history=" + strconv.FormatBool(history(c))
}

// encodeCursor is opaque to clients: the list it belongs to and the offset
// of the next page.
func encodeCursor(key string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + "\n" + key + "\n" + strconv.Itoa(offset)))
}

// decodeCursor returns the offset a cursor of this list points at.
func decodeCursor(cursor, key string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(raw), "\n")
	if len(parts) != 3 || parts[0] != cursorPrefix || parts[1] != key {
		return 0, false
	}
	offset, err := strconv.Atoi(parts[2])
	if err != nil || offset <= 0 || strconv.Itoa(offset) != parts[2] {
		return 0, false
	}
	return offset, true
}

// page answers one page of a node list and sets X-Pagination-Cursor-Next
// on every page but the last. The page holds X-Pagination-Size nodes, or
// Options.NodePageSize when the request sets no size (a size that is not a
// positive integer counts as none: the schema does not describe the
// header). A cursor the mock did not give for this very list (another
// list's, or garbage) answers 400: the schema does not say what the API
// answers then, and a 400 tells the client its request is wrong rather than
// letting it read a list from the start again. A cursor past the end of a
// list that has since shrunk gives an empty last page.
func (m *Mock) page(c *call, nodes []Node) ([]Node, error) {
	size := m.opts.NodePageSize
	if n, err := strconv.Atoi(strings.TrimSpace(c.r.Header.Get(headerPageSize))); err == nil && n > 0 {
		size = n
	}
	from := 0
	if cursor := c.r.Header.Get(headerCursor); cursor != "" {
		offset, ok := decodeCursor(cursor, listKey(c))
		if !ok {
			return nil, badRequest("Invalid pagination cursor %q", cursor)
		}
		from = min(offset, len(nodes))
	}
	to := from + min(size, len(nodes)-from)
	if to < len(nodes) {
		c.header.Set(headerCursorNext, encodeCursor(listKey(c), to))
	}
	return nodes[from:to], nil
}
