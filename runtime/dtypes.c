/* Packing and unpacking the 4- and 2-bit element types where they cross
   into or out of the generated code (the caller's buffers, the weights):
   inside, each element is one byte (runtime/dtypes.h says how). The packed
   side is void *: the generated code types a tensor by its element type
   (int8_t for int4), whichever layout it holds. */
#include "dtypes.h"

//@kernel rt_pack4(rt_pack_params, input, packed) needs rt_dtypes
static void rt_pack4(const rt_pack_params *p, const void *input, void *packed)
{
    rt_pack_bits((const uint8_t *)input, (uint8_t *)packed, p->count, 4);
}
//@end

//@kernel rt_pack2(rt_pack_params, input, packed) needs rt_dtypes
static void rt_pack2(const rt_pack_params *p, const void *input, void *packed)
{
    rt_pack_bits((const uint8_t *)input, (uint8_t *)packed, p->count, 2);
}
//@end

//@kernel rt_unpack4_signed(rt_pack_params, packed, output) needs rt_dtypes
static void rt_unpack4_signed(const rt_pack_params *p, const void *packed, int8_t *output)
{
    rt_unpack_bits((const uint8_t *)packed, (uint8_t *)output, p->count, 4, 1);
}
//@end

//@kernel rt_unpack4_unsigned(rt_pack_params, packed, output) needs rt_dtypes
static void rt_unpack4_unsigned(const rt_pack_params *p, const void *packed, uint8_t *output)
{
    rt_unpack_bits((const uint8_t *)packed, output, p->count, 4, 0);
}
//@end

//@kernel rt_unpack2_signed(rt_pack_params, packed, output) needs rt_dtypes
static void rt_unpack2_signed(const rt_pack_params *p, const void *packed, int8_t *output)
{
    rt_unpack_bits((const uint8_t *)packed, (uint8_t *)output, p->count, 2, 1);
}
//@end

//@kernel rt_unpack2_unsigned(rt_pack_params, packed, output) needs rt_dtypes
static void rt_unpack2_unsigned(const rt_pack_params *p, const void *packed, uint8_t *output)
{
    rt_unpack_bits((const uint8_t *)packed, output, p->count, 2, 0);
}
//@end
