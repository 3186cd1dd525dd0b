/* libxml2's encoding.h pulls in the system ICU headers, which clash with the copy Foundation
   bundles. TrustPress never touches the encoding handlers, so the ICU part is left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
