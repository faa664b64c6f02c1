// An integer enum must name every value with x-enum-varnames, in order and without repeats.
export default (schema) => {
  const names = schema["x-enum-varnames"];
  if (!Array.isArray(names)) {
    return [{ message: "integer enum has no x-enum-varnames" }];
  }
  if (names.length !== schema.enum.length) {
    return [{ message: `x-enum-varnames has ${names.length} names for ${schema.enum.length} values` }];
  }
  if (new Set(names).size !== names.length) {
    return [{ message: "x-enum-varnames repeats a name" }];
  }
  return [];
};
