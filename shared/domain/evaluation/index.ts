/** 公共信用综合评价 and 分级分类监管: model definitions, scoring, distributions and inspection samples (pure). */
export * from "./model";
export * from "./facts";
export * from "./evaluate";
export * from "./distribution";
export * from "./sampling";
