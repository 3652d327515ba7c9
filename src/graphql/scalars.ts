import { DateTimeResolver, EmailAddressResolver, JSONObjectResolver, UUIDResolver } from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('UUID', UUIDResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
