#ifndef CKILNVIPS_H
#define CKILNVIPS_H

#include <stddef.h>

// The few libvips calls Kiln makes, without C varargs, GObject reference counting or glib
// types, so that Swift can call them. Every function is safe to call from any thread.

/// Starts libvips once per process (later calls return the first result): 0 on success.
int kiln_vips_start(void);

/// What a file's header says, read without decoding its pixels.
typedef struct {
    /// The loader's name ("pngload", "jpegload", "webpload", …).
    char loader[32];
    /// The stored picture (before EXIF orientation).
    int width;
    int height;
    int bands;
    /// Bits per band sample: 8 or 16 (or more for float formats).
    int bits;
    /// Whether the last band is alpha.
    int has_alpha;
    /// EXIF orientation, 1–8 (1 when the file has none).
    int orientation;
    /// Frames of an animation (1 for a still).
    int pages;
    /// A progressive (interlaced) JPEG or PNG.
    int interlaced;
    /// A JPEG's chroma subsampling ("4:2:0"), or "".
    char chroma[8];
    /// A lossless WebP.
    int lossless;
} kiln_vips_header;

/// Reads the header of the file at `path`. 0 on success; otherwise libvips' message in `error`.
int kiln_vips_read_header(const char *path, kiln_vips_header *header, char *error, size_t error_size);

typedef enum {
    KILN_VIPS_JPEG = 0,
    KILN_VIPS_PNG = 1,
    KILN_VIPS_WEBP = 2,
    KILN_VIPS_AVIF = 3,
} kiln_vips_format;

typedef enum {
    /// Scale to exactly the frame.
    KILN_VIPS_SCALE = 0,
    /// Scale to the content size, then pad to the frame.
    KILN_VIPS_PAD = 1,
    /// Scale to the content size, then crop the frame.
    KILN_VIPS_CROP = 2,
} kiln_vips_mode;

/// One still picture: load (EXIF orientation applied), resize, pad or crop, save.
typedef struct {
    const char *input;
    const char *output;
    /// The size the (upright) picture is scaled to.
    int content_width;
    int content_height;
    kiln_vips_mode mode;
    /// The output's size, and where the content sits in it (pad) or it sits in the content (crop).
    int frame_width;
    int frame_height;
    int offset_x;
    int offset_y;
    /// Whether the output keeps an alpha band.
    int alpha;
    /// Red, green, blue, alpha (0–255): the padding, and what transparency is flattened onto
    /// when the output has no alpha.
    double background[4];
    kiln_vips_format format;
    /// The encoder's quality, 1–100 (not used for PNG).
    int quality;
    /// The encoder's CPU effort (0–9; for PNG the zlib level).
    int effort;
} kiln_vips_render;

/// Renders `render`. 0 on success; otherwise libvips' message in `error`.
int kiln_vips_render_picture(const kiln_vips_render *render, char *error, size_t error_size);

#endif
