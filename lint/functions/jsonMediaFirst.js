// Where application/json is offered, it is the first media type of the content map.
export default (content) => {
  if (content === null || typeof content !== "object") return [];
  const types = Object.keys(content);
  if (types.includes("application/json") && types[0] !== "application/json") {
    return [{ message: `application/json must come first, not ${types[0]}` }];
  }
  return [];
};
