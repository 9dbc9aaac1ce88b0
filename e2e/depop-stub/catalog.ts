/**
 * Word lists the demo products are composed from. Combining them (rather than hand-writing every
 * item) lets the stub make any number of believable vintage/streetwear listings deterministically.
 */

export type Department = "menswear" | "womenswear" | "kidswear" | "everything-else";
export type Age = "modern" | "y2k" | "90s" | "80s" | "70s";
export type Source = "vintage" | "preloved" | "deadstock" | "reworked";
export type Condition = "brand_new" | "used_like_new" | "used_excellent" | "used_good" | "used_fair";

export interface SizeSet {
  id: number;
  sizes: { id: number; label: string }[];
}

const LETTER_SIZES: SizeSet = {
  id: 52,
  sizes: [
    { id: 8, label: "XS" },
    { id: 9, label: "S" },
    { id: 10, label: "M" },
    { id: 11, label: "L" },
    { id: 12, label: "XL" },
    { id: 13, label: "XXL" },
  ],
};

const WAIST_SIZES: SizeSet = {
  id: 61,
  sizes: [28, 29, 30, 31, 32, 33, 34, 36].map((waist, i) => ({ id: 101 + i, label: `W${waist}` })),
};

const WOMENS_SIZES: SizeSet = {
  id: 54,
  sizes: [6, 8, 10, 12, 14, 16].map((uk, i) => ({ id: 201 + i, label: `UK ${uk}` })),
};

const SHOE_SIZES: SizeSet = {
  id: 73,
  sizes: [6, 7, 8, 9, 10, 11].map((uk, i) => ({ id: 301 + i, label: `UK ${uk}` })),
};

const ONE_SIZE: SizeSet = { id: 90, sizes: [{ id: 1, label: "one size" }] };

export interface ItemKind {
  /** Noun used in the title and slug, e.g. "windbreaker". */
  noun: string;
  productType: string;
  department: Department;
  brands: string[];
  sizeSet: SizeSet;
  /** Whole-pound price range before the random pence. */
  price: [number, number];
  materials: string[];
  ages: Age[];
  styles: string[];
  /** Opening of the description sentence; the condition and size are appended. */
  details: string[];
  extra?: Record<string, string[]>;
}

export const ITEM_KINDS: ItemKind[] = [
  {
    noun: "windbreaker",
    productType: "jackets",
    department: "menswear",
    brands: ["Nike", "Adidas", "Umbro", "Reebok", "Kappa", "Fila"],
    sizeSet: LETTER_SIZES,
    price: [28, 55],
    materials: ["nylon", "polyester"],
    ages: ["90s", "80s", "y2k"],
    styles: ["streetwear", "sportswear", "retro"],
    details: [
      "Lightweight shell with a packable hood and colour-block panels",
      "Half-zip pullover with a kangaroo pocket",
    ],
    extra: { closure: ["zip"] },
  },
  {
    noun: "denim jacket",
    productType: "jackets",
    department: "menswear",
    brands: ["Levi's", "Lee", "Wrangler"],
    sizeSet: LETTER_SIZES,
    price: [35, 70],
    materials: ["denim"],
    ages: ["90s", "80s", "70s"],
    styles: ["casual", "grunge", "retro"],
    details: ["Classic trucker cut with a beautifully faded wash", "Boxy fit with copper buttons and chest pockets"],
    extra: { closure: ["button"] },
  },
  {
    noun: "hoodie",
    productType: "hoodies",
    department: "menswear",
    brands: ["Champion", "Carhartt", "Stüssy", "Nike", "Russell Athletic"],
    sizeSet: LETTER_SIZES,
    price: [22, 48],
    materials: ["cotton", "cotton blend"],
    ages: ["90s", "y2k", "modern"],
    styles: ["streetwear", "skater", "casual"],
    details: [
      "Heavyweight fleece-lined hoodie with an embroidered logo",
      "Reverse-weave hoodie with ribbed side panels",
    ],
  },
  {
    noun: "sweatshirt",
    productType: "sweatshirts",
    department: "menswear",
    brands: ["Champion", "Russell Athletic", "Adidas", "Fruit of the Loom"],
    sizeSet: LETTER_SIZES,
    price: [18, 38],
    materials: ["cotton", "cotton blend"],
    ages: ["90s", "80s"],
    styles: ["casual", "sportswear", "retro"],
    details: ["Crew neck with a cracked varsity print", "Raglan sleeves and a soft brushed inside"],
  },
  {
    noun: "band tee",
    productType: "tshirts",
    department: "menswear",
    brands: ["Fruit of the Loom", "Hanes", "Gildan", "Giant"],
    sizeSet: LETTER_SIZES,
    price: [20, 65],
    materials: ["cotton"],
    ages: ["90s", "80s", "y2k"],
    styles: ["grunge", "streetwear"],
    details: ["Single-stitch tour tee with a faded front graphic", "Boxy tee with a tour-date back print"],
    extra: { "sleeve-length": ["short"] },
  },
  {
    noun: "graphic t-shirt",
    productType: "tshirts",
    department: "menswear",
    brands: ["Stüssy", "Nike", "Harley-Davidson", "Carhartt"],
    sizeSet: LETTER_SIZES,
    price: [14, 35],
    materials: ["cotton"],
    ages: ["90s", "y2k", "modern"],
    styles: ["streetwear", "skater"],
    details: ["Oversized tee with a big chest graphic", "Soft washed tee with a small logo hit"],
    extra: { "sleeve-length": ["short"] },
  },
  {
    noun: "501 jeans",
    productType: "jeans",
    department: "menswear",
    brands: ["Levi's"],
    sizeSet: WAIST_SIZES,
    price: [30, 60],
    materials: ["denim"],
    ages: ["90s", "80s"],
    styles: ["casual", "retro"],
    details: ["Straight leg button-fly jeans in a mid-blue wash", "Made in USA pair with honest fading on the thighs"],
    extra: { fit: ["straight"] },
  },
  {
    noun: "cargo trousers",
    productType: "trousers",
    department: "menswear",
    brands: ["Carhartt", "Dickies", "Dockers"],
    sizeSet: WAIST_SIZES,
    price: [25, 50],
    materials: ["cotton", "canvas"],
    ages: ["y2k", "90s", "modern"],
    styles: ["workwear", "skater", "streetwear"],
    details: ["Relaxed cargo pants with double-knee panels", "Baggy fit cargos with six pockets"],
    extra: { fit: ["relaxed"] },
  },
  {
    noun: "fleece",
    productType: "jumpers",
    department: "menswear",
    brands: ["Patagonia", "The North Face", "Columbia", "L.L.Bean"],
    sizeSet: LETTER_SIZES,
    price: [30, 75],
    materials: ["fleece", "polyester"],
    ages: ["90s", "y2k"],
    styles: ["workwear", "casual"],
    details: ["Snap-neck fleece in a cosy deep-pile", "Quarter-zip fleece with contrast pocket trims"],
  },
  {
    noun: "puffer jacket",
    productType: "coats",
    department: "menswear",
    brands: ["The North Face", "Tommy Hilfiger", "Nautica", "Columbia"],
    sizeSet: LETTER_SIZES,
    price: [55, 140],
    materials: ["nylon", "down"],
    ages: ["90s", "y2k"],
    styles: ["streetwear", "workwear"],
    details: ["Boxy down puffer with a stow-away hood", "700-fill puffer with glossy shell"],
    extra: { closure: ["zip"] },
  },
  {
    noun: "football shirt",
    productType: "tshirts",
    department: "menswear",
    brands: ["Umbro", "Adidas", "Kappa", "Nike", "Diadora"],
    sizeSet: LETTER_SIZES,
    price: [30, 85],
    materials: ["polyester"],
    ages: ["90s", "y2k"],
    styles: ["sportswear", "retro"],
    details: ["Home shirt with jacquard shadow pattern and sponsor print", "Away shirt with oversized collar"],
    extra: { "sleeve-length": ["short"] },
  },
  {
    noun: "track pants",
    productType: "joggers",
    department: "menswear",
    brands: ["Adidas", "Kappa", "Fila", "Sergio Tacchini"],
    sizeSet: LETTER_SIZES,
    price: [18, 40],
    materials: ["polyester", "nylon"],
    ages: ["90s", "80s", "y2k"],
    styles: ["sportswear", "retro"],
    details: ["Popper-side track pants with taped stripes", "Tapered track bottoms with zip ankles"],
  },
  {
    noun: "cable knit jumper",
    productType: "jumpers",
    department: "menswear",
    brands: ["Ralph Lauren", "Tommy Hilfiger", "Gant", "Aran Crafts"],
    sizeSet: LETTER_SIZES,
    price: [28, 65],
    materials: ["wool", "cotton"],
    ages: ["90s", "80s"],
    styles: ["preppy", "casual"],
    details: ["Chunky cable knit with ribbed cuffs", "Soft lambswool knit with a small embroidered logo"],
  },
  {
    noun: "rugby shirt",
    productType: "tops",
    department: "menswear",
    brands: ["Ralph Lauren", "Canterbury", "Gant"],
    sizeSet: LETTER_SIZES,
    price: [24, 55],
    materials: ["cotton"],
    ages: ["90s", "80s"],
    styles: ["preppy", "retro"],
    details: ["Heavy cotton rugby with bold hoops and white collar", "Long-sleeve rugby with rubber buttons"],
    extra: { "sleeve-length": ["long"] },
  },
  {
    noun: "corduroy shirt",
    productType: "shirts",
    department: "menswear",
    brands: ["Ralph Lauren", "Levi's", "Gap", "St Michael"],
    sizeSet: LETTER_SIZES,
    price: [18, 40],
    materials: ["cotton", "corduroy"],
    ages: ["90s", "80s", "70s"],
    styles: ["casual", "retro"],
    details: ["Needlecord button-down with two chest pockets", "Wide-wale cord overshirt"],
    extra: { "sleeve-length": ["long"] },
  },
  {
    noun: "mini skirt",
    productType: "skirts",
    department: "womenswear",
    brands: ["Miss Sixty", "Diesel", "Morgan", "Kookai"],
    sizeSet: WOMENS_SIZES,
    price: [16, 40],
    materials: ["denim", "polyester"],
    ages: ["y2k", "90s"],
    styles: ["y2_k", "retro"],
    details: ["Low-rise mini with a raw hem", "Pleated mini with a side zip"],
  },
  {
    noun: "slip dress",
    productType: "dresses",
    department: "womenswear",
    brands: ["Topshop", "Kookai", "Jane Norman", "Oasis"],
    sizeSet: WOMENS_SIZES,
    price: [18, 45],
    materials: ["satin", "viscose"],
    ages: ["90s", "y2k"],
    styles: ["minimalist", "casual"],
    details: ["Bias-cut satin slip with adjustable straps", "Midi slip with lace trim"],
  },
  {
    noun: "baby tee",
    productType: "tshirts",
    department: "womenswear",
    brands: ["Juicy Couture", "Baby Phat", "Von Dutch", "Roxy"],
    sizeSet: WOMENS_SIZES,
    price: [12, 30],
    materials: ["cotton", "cotton blend"],
    ages: ["y2k"],
    styles: ["y2_k", "streetwear"],
    details: ["Cropped baby tee with a rhinestone logo", "Fitted ringer tee with contrast trims"],
    extra: { "sleeve-length": ["short"] },
  },
  {
    noun: "shoulder bag",
    productType: "bags",
    department: "womenswear",
    brands: ["Coach", "Guess", "Fiorucci", "Kipling"],
    sizeSet: ONE_SIZE,
    price: [25, 90],
    materials: ["leather", "nylon"],
    ages: ["y2k", "90s"],
    styles: ["y2_k", "minimalist"],
    details: ["Compact baguette-style bag with an adjustable strap", "Structured shoulder bag with a turn-lock clasp"],
  },
  {
    noun: "bucket hat",
    productType: "hats",
    department: "everything-else",
    brands: ["Kangol", "Stüssy", "Carhartt", "Nike"],
    sizeSet: ONE_SIZE,
    price: [12, 35],
    materials: ["cotton", "terry"],
    ages: ["90s", "y2k", "modern"],
    styles: ["streetwear", "skater"],
    details: ["Washed cotton bucket hat with an embroidered logo", "Reversible bucket hat"],
  },
  {
    noun: "trainers",
    productType: "trainers",
    department: "menswear",
    brands: ["Nike", "New Balance", "Adidas", "Asics", "Reebok"],
    sizeSet: SHOE_SIZES,
    price: [35, 120],
    materials: ["suede", "leather", "mesh"],
    ages: ["y2k", "90s", "modern"],
    styles: ["streetwear", "sportswear"],
    details: ["Chunky runners with suede overlays", "Low-top trainers with original box"],
  },
];

export const COLOURS = [
  "black",
  "white",
  "grey",
  "navy",
  "blue",
  "red",
  "green",
  "khaki",
  "yellow",
  "purple",
  "pink",
  "brown",
  "tan",
  "cream",
  "burgundy",
  "orange",
  "multi",
];

export const CONDITIONS: { value: Condition; phrase: string }[] = [
  { value: "brand_new", phrase: "brand new with tags" },
  { value: "used_like_new", phrase: "like new, worn only a couple of times" },
  { value: "used_excellent", phrase: "in excellent condition with no flaws" },
  { value: "used_excellent", phrase: "in excellent vintage condition" },
  { value: "used_good", phrase: "in good condition with light signs of wear" },
  { value: "used_good", phrase: "in good condition with a little fading" },
  { value: "used_fair", phrase: "in fair condition with some marks (see photos)" },
];

export const ERA_LABEL: Record<Age, string> = {
  modern: "",
  y2k: "Y2K",
  "90s": "90s",
  "80s": "80s",
  "70s": "70s",
};
