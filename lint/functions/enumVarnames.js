// An integer enum must name every value with x-enum-varnames, in order and without repeats, in
// UPPER_SNAKE: valid in every generator's language (`None` is a Python keyword) and not
// renamed by any of them.
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

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
  const wrong = names.filter((name) => typeof name !== "string" || !UPPER_SNAKE.test(name));
  if (wrong.length > 0) {
    return [{ message: `x-enum-varnames are not UPPER_SNAKE: ${wrong.join(", ")}` }];
  }
  return [];
};
