// KMS list pagination's own error: an unknown Marker (paginate, in model/listing.ts, does the paging).

export const invalidMarker = { code: 'InvalidMarkerException', message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.' } as const;
