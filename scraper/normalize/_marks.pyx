# cython: language_level=3, boundscheck=False, wraparound=False
"""The search for a marked post title (`post_title.marked_title`), its first pass compiled.

`marked_title` looks at every node of a page's first thousands for a class or id that names
a title, or an `itemprop`: in Python that is an lxml proxy and three attribute reads per
node, most of a millisecond a page, for the one or two elements a page has. Here the nodes
are walked through libxml2's structs in the order of lxml's `iter()` and only the elements
that may be marked come back as proxies; post_title.py then judges them exactly as it judges
every element in its Python loop, which stays the reference and the fallback
(tests/normalize/test_compiled_marks.py holds the two equal).
"""

cimport lxml.includes.etreepublic as cetree
from libc.string cimport strcmp
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_DTD_NODE, XML_ELEMENT_NODE,
    XML_ENTITY_REF_NODE, XML_PI_NODE, XML_TEXT_NODE, xmlAttr, xmlNode,
)

cetree.import_lxml__etree()

LXML_BUILT_WITH = (<bytes>cetree.LXML_VERSION_STRING).decode("ascii")


cdef inline bint _iterated(xmlNode* node) noexcept nogil:
    """What lxml's `iter()` yields: elements, comments, entity references, PIs."""
    return (
        node.type == XML_ELEMENT_NODE or node.type == XML_COMMENT_NODE
        or node.type == XML_ENTITY_REF_NODE or node.type == XML_PI_NODE
    )


cdef inline xmlNode* _first_iterated(xmlNode* node) noexcept nogil:
    while node is not NULL and not _iterated(node):
        node = node.next
    return node


cdef xmlNode* _following(xmlNode* node, xmlNode* top) noexcept nogil:
    """The node after `node` in `top`'s subtree, in document order, as lxml iterates it (it
    does not descend into entity references or a DTD); NULL after the last."""
    cdef xmlNode* child = NULL
    if node.type != XML_ENTITY_REF_NODE and node.type != XML_DTD_NODE:
        child = _first_iterated(node.children)
    if child is not NULL:
        return child
    while node is not NULL and node is not top:
        child = _first_iterated(node.next)
        if child is not NULL:
            return child
        node = node.parent
    return NULL


cdef inline unsigned char _lower(unsigned char c) noexcept nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef bint _names_a_heading(const unsigned char* text, const char* word) noexcept nogil:
    """Whether `word` (lower-case ASCII) is in `text`, ASCII letters compared without case:
    what `word in text.lower()` finds, since no other character lowers to these letters
    followed by the rest of the word."""
    cdef Py_ssize_t at, k
    at = 0
    while text[at] != 0:
        k = 0
        while word[k] != 0 and _lower(text[at + k]) == <unsigned char>word[k]:
            k += 1
        if word[k] == 0:
            return True
        at += 1
    return False


cdef bint _may_be_marked(xmlNode* node) noexcept nogil:
    """An `itemprop`, or a class or id holding "title" or "head": all that `marked_title`
    can take (an attribute whose value is not one text node is passed on to be read)."""
    cdef xmlAttr* attribute = node.properties
    cdef xmlNode* value
    cdef const char* name
    while attribute is not NULL:
        if attribute.ns is NULL or attribute.ns.href is NULL:
            name = <const char*>attribute.name
            if strcmp(name, "itemprop") == 0:
                return True
            if strcmp(name, "class") == 0 or strcmp(name, "id") == 0:
                value = attribute.children
                if value is not NULL:
                    if value.next is not NULL or (
                        value.type != XML_TEXT_NODE and value.type != XML_CDATA_SECTION_NODE
                    ):
                        return True
                    if _names_a_heading(value.content, "title") or _names_a_heading(
                        value.content, "head"
                    ):
                        return True
        attribute = attribute.next
    return False


def title_candidates(cetree._Element root, Py_ssize_t limit):
    """The elements among the first `limit + 1` nodes of `root.iter()` (root included) that
    may be marked as the post's title, in document order."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node = top
    cdef Py_ssize_t seen = 0
    found = []
    while node is not NULL and seen <= limit:
        if node.type == XML_ELEMENT_NODE and node.properties is not NULL and _may_be_marked(node):
            found.append(cetree.elementFactory(root._doc, node))
        seen += 1
        node = _following(node, top)
    return found
