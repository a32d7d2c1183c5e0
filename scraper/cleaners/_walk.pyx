# cython: language_level=3, boundscheck=False, wraparound=False
"""`Segmenter.run`'s walk over libxml2's nodes, compiled (dom.py has the same walk in Python,
which is the reference and the fallback; tests/cleaners/test_compiled_walk.py holds them equal).

The Python walk pays for an lxml proxy, a tag string, an attribute list and a method call at
every element of the page, most of which never becomes a block. Here the tree is walked
through libxml2's own structs (lxml's public C API hands them over), and Python objects are
made only for what the blocks are built from: text pieces, tag names, the class/id values
that `dom._tokens_of` turns into tokens, and a proxy for an element that owns a block,
carries tokens or marks a byline or date. The blocks, tokens and caches are dom.py's own.
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_ELEMENT_NODE, XML_ENTITY_REF_NODE,
    XML_PI_NODE, XML_TEXT_NODE, XML_XINCLUDE_END, XML_XINCLUDE_START, xmlAttr, xmlNode,
)

cetree.import_lxml__etree()

LXML_BUILT_WITH = (<bytes>cetree.LXML_VERSION_STRING).decode("ascii")

# the naming attributes whose values the tokens are made of, in `_tokens_of`'s order, then
# style; "hidden" names by its presence alone (dom.py's `_NAMING_KEYS`)
cdef const char* _VALUED[6]
_VALUED[:] = [b"class", b"id", b"role", b"itemprop", b"rel", b"style"]
cdef int _VALUED_COUNT = 6


cdef inline str _utf8(const char* text):
    return PyUnicode_DecodeUTF8(text, strlen(text), NULL)


cdef inline bint _is_element_like(xmlNode* node) noexcept:
    """What lxml iterates as an element's children (and gives a `tail`)."""
    return node.type in (XML_ELEMENT_NODE, XML_COMMENT_NODE, XML_ENTITY_REF_NODE, XML_PI_NODE)


cdef inline xmlNode* _text_or_skip(xmlNode* node) noexcept:
    while node is not NULL:
        if node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE:
            return node
        if node.type == XML_XINCLUDE_START or node.type == XML_XINCLUDE_END:
            node = node.next
            continue
        return NULL
    return NULL


cdef str _text_from(xmlNode* node):
    """lxml's `.text` (from the first child) or `.tail` (from the next sibling): the run of
    text nodes there, joined; None where it is empty."""
    cdef xmlNode* at = _text_or_skip(node)
    if at is NULL:
        return None
    cdef xmlNode* following = _text_or_skip(at.next)
    if following is NULL:
        return _utf8(<const char*>at.content) if at.content[0] != 0 else None
    pieces = []
    while at is not NULL:
        if at.content[0] != 0:
            pieces.append(_utf8(<const char*>at.content))
        at = _text_or_skip(at.next)
    return "".join(pieces) or None


cdef str _tag(xmlNode* node):
    if node.ns is not NULL and node.ns.href is not NULL:
        return "{%s}%s" % (_utf8(<const char*>node.ns.href), _utf8(<const char*>node.name))
    return _utf8(<const char*>node.name)


cdef object _attribute(xmlAttr* attribute):
    """The value lxml's `get` returns: the text of the attribute's nodes; None where they
    are not plain text (an entity), for the walk to ask lxml itself."""
    cdef xmlNode* child = attribute.children
    if child is NULL:
        return ""
    if child.next is NULL and (child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE):
        return _utf8(<const char*>child.content)
    pieces = []
    while child is not NULL:
        if child.type != XML_TEXT_NODE and child.type != XML_CDATA_SECTION_NODE:
            return None
        pieces.append(_utf8(<const char*>child.content))
        child = child.next
    return "".join(pieces)


cdef class _Names:
    """An element's tokens with its ancestors', joined (by `dom._union`, as the Python walk
    joins them) only when a block is made under it: most elements that carry names are
    inline and hold no block, and joining is most of what names cost."""

    cdef _Names parent
    cdef object own
    cdef object joined
    cdef object union


cdef _Names _names(_Names parent, object own, object joined, object union):
    cdef _Names names = _Names.__new__(_Names)
    names.parent = parent
    names.own = own
    names.joined = joined
    names.union = union
    return names


cdef object _joined(_Names names):
    if names.joined is None:
        names.joined = names.union(_joined(names.parent), names.own)
    return names.joined


cdef class _Holder:
    """The block element whose text is being gathered; inline elements write into it."""

    cdef xmlNode* node
    cdef _Names tokens
    cdef str path
    cdef list parts
    cdef Py_ssize_t link_chars
    cdef bint has_text

    cdef inline void add(self, str text, bint in_link):
        self.parts.append(text)
        if not text.isspace():
            self.has_text = True
            if in_link:
                self.link_chars += len(text.strip())


cdef _Holder _holder(xmlNode* node, _Names tokens, str path):
    cdef _Holder holder = _Holder.__new__(_Holder)
    holder.node = node
    holder.tokens = tokens
    holder.path = path
    holder.parts = []
    holder.link_chars = 0
    holder.has_text = False
    return holder


cdef class _Walk:
    cdef cetree._Document doc
    cdef object deadline
    cdef Py_ssize_t visited
    cdef Py_ssize_t stride
    cdef Py_ssize_t max_depth
    cdef list blocks
    cdef list owners
    cdef dict own_tokens
    cdef list marked
    cdef object named
    # dom.py's sets, caches and constructors
    cdef object skip_tags, block_tags, landmarks, mark_tokens, landmark_tokens, no_tokens
    cdef object tokens_of, union, html_block, paragraphs, element_tokens

    def __init__(self, cetree._Element root, object deadline, object kit, object named):
        self.doc = root._doc
        self.named = named
        self.deadline = deadline
        self.visited = 0
        self.stride = kit.STRIDE
        self.max_depth = kit.MAX_DEPTH
        self.blocks = []
        self.owners = []
        self.own_tokens = {}
        self.marked = []
        self.skip_tags = kit.SKIP_TAGS
        self.block_tags = kit.BLOCK_TAGS
        self.landmarks = kit.LANDMARKS
        self.mark_tokens = kit.MARK_TOKENS
        self.landmark_tokens = kit._LANDMARK_TOKENS
        self.no_tokens = kit.NO_TOKENS
        self.tokens_of = kit._tokens_of
        self.union = kit._union
        self.html_block = kit._html_block
        self.paragraphs = kit._paragraphs
        self.element_tokens = kit.element_tokens

    cdef object _proxy(self, xmlNode* node):
        return cetree.elementFactory(self.doc, node)

    cdef inline bint _is_named(self, object own):
        """Whether `own_tokens` keeps an element with these tokens."""
        return self.named is None or not own.isdisjoint(self.named)

    cdef object _tokens(self, xmlNode* node, str tag):
        """`dom.element_tokens`, read from the node's attribute structs."""
        cdef xmlAttr* attribute = node.properties
        cdef bint named = False, hidden = False
        cdef const char* name
        cdef int at
        values = [None] * _VALUED_COUNT
        while attribute is not NULL:
            if attribute.ns is NULL or attribute.ns.href is NULL:
                name = <const char*>attribute.name
                if strcmp(name, "hidden") == 0:
                    hidden = named = True
                for at in range(_VALUED_COUNT):
                    if strcmp(name, _VALUED[at]) == 0:
                        named = True
                        if values[at] is None:  # lxml's `get` reads the first
                            values[at] = _attribute(attribute)
                            if values[at] is None:  # not plain text: ask lxml itself
                                return self.element_tokens(self._proxy(node))
                        break
            attribute = attribute.next
        classes, ident, role, itemprop, rel, style = values
        if not named:
            return self.landmark_tokens.get(tag, self.no_tokens)
        hidden = hidden or bool(style and "display:none" in style.replace(" ", "").lower())
        return self.tokens_of(
            classes, ident, role, itemprop, rel, tag if tag in self.landmarks else "", hidden
        )

    def run(self, cetree._Element root):
        cdef xmlNode* node = root._c_node
        tag = _tag(node)
        own = self._tokens(node, tag) if node.properties is not NULL else self.landmark_tokens.get(tag, self.no_tokens)
        if own and self._is_named(own):
            self.own_tokens[root] = own
        cdef _Names names = _names(None, own, own, self.union)
        cdef _Holder holder = _holder(node, names, tag)
        self._gather(node, holder, names, tag, tag == "a", 1)
        self._flush(holder)
        return self.blocks, self.owners, self.own_tokens, self.marked

    cdef void _visit(
        self, xmlNode* node, _Holder holder, _Names inherited, str parent_path, bint in_link,
        Py_ssize_t depth,
    ) except *:
        cdef _Names tokens
        if node.ns is NULL and node.name is not NULL:
            tag = _utf8(<const char*>node.name)
        else:
            tag = _tag(node)
        if tag in self.skip_tags or depth > self.max_depth:
            return
        self.visited += 1
        if self.visited % self.stride == 0:
            self.deadline.check("segmentation")
        if node.properties is not NULL:
            own = self._tokens(node, tag)
        else:
            own = self.landmark_tokens.get(tag, self.no_tokens)
        proxy = None
        if own:
            if self._is_named(own):
                proxy = self._proxy(node)
                self.own_tokens[proxy] = own
            tokens = _names(inherited, own, None, self.union)
            if not own.isdisjoint(self.mark_tokens):
                if proxy is None:
                    proxy = self._proxy(node)
                self.marked.append(proxy)
        else:
            tokens = inherited
        if tag == "time":
            self.marked.append(proxy if proxy is not None else self._proxy(node))
        path = parent_path + "/" + tag
        in_link = in_link or tag == "a"
        cdef bint is_block = tag in self.block_tags
        if is_block:
            if holder.has_text:
                self._flush(holder)
            else:
                holder.parts.clear()
            holder = _holder(node, tokens, path)
        elif tag == "br":
            holder.parts.append("\n")
        self._gather(node, holder, tokens, path, in_link, depth + 1)
        if is_block:
            self._flush(holder)

    cdef void _gather(
        self, xmlNode* node, _Holder holder, _Names tokens, str path, bint in_link,
        Py_ssize_t depth,
    ) except *:
        """The node's own text, then each child's subtree (at `depth`) and the text after it."""
        cdef xmlNode* child = node.children
        text = _text_from(child)
        if text:
            holder.add(text, in_link)
        while child is not NULL:
            if _is_element_like(child):
                if child.type == XML_ELEMENT_NODE:
                    self._visit(child, holder, tokens, path, in_link, depth)
                tail = _text_from(child.next)
                if tail:
                    holder.add(tail, in_link)
            child = child.next

    cdef void _flush(self, _Holder holder) except *:
        if not holder.has_text:
            holder.parts.clear()
            return
        raw = "".join(holder.parts)
        cdef Py_ssize_t link_chars = holder.link_chars
        holder.parts = []
        holder.link_chars = 0
        holder.has_text = False
        texts = self.paragraphs(raw)
        chars = sum([len(text) - text.count(" ") for text in texts]) or 1
        link_density = min(1.0, link_chars / chars)
        owner = self._proxy(holder.node)
        tokens = _joined(holder.tokens)
        tag = owner.tag
        kind = tag if isinstance(tag, str) else "div"
        for text in texts:
            self.blocks.append(
                self.html_block(text, len(self.blocks), kind, holder.path, link_density, tokens)
            )
            self.owners.append(owner)


def walk(root, deadline, kit, named):
    """(blocks, owners, own_tokens, marked) of `root`'s subtree, as `dom.Segmenter.run`
    finds them; `kit` is the dom module (its sets, caches and block constructor), `named`
    the names that put an element in `own_tokens` (None: any)."""
    return _Walk(root, deadline, kit, named).run(root)
