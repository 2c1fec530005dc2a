// libvips from Debian's libvips-dev, found through pkg-config ("vips"). Only CKilnVips uses
// it: Swift sees the small API of CKilnVips, never glib's headers.
#include <vips/vips.h>
