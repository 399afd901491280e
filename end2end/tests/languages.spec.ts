import { test, expect } from "@playwright/test";
import { expectNoSeriousViolation } from "./journeys";

// The four working languages of the ACP states: each must carry a reader from the home page
// to the map and through a form's validation messages, and stay accessible on the way.
const languages = [
  {
    code: "en",
    endonym: "English",
    home: "Technical assistance on migration",
    explore: "Explore the map of interventions",
    topic: "Topic",
    kenya: /^Kenya: \d+ interventions?/,
    form: "Request technical assistance",
    next: "Save and continue",
    official: "Accountable official: name",
    required: "This answer is required.",
  },
  {
    code: "fr",
    endonym: "Français",
    home: "L'assistance technique sur les migrations",
    explore: "Explorer la carte des interventions",
    topic: "Thème",
    kenya: /^Kenya : \d+ interventions?/,
    form: "Demander une assistance technique",
    next: "Enregistrer et continuer",
    official: "Responsable de la demande : nom",
    required: "Cette réponse est obligatoire.",
  },
  {
    code: "pt",
    endonym: "Português",
    home: "Assistência técnica em migração",
    explore: "Explorar o mapa das intervenções",
    topic: "Tema",
    kenya: /^Quénia: \d+ intervenç(ão|ões)/,
    form: "Pedir assistência técnica",
    next: "Guardar e continuar",
    official: "Responsável: nome",
    required: "Esta resposta é obrigatória.",
  },
  {
    code: "es",
    endonym: "Español",
    home: "Asistencia técnica sobre migración",
    explore: "Explorar el mapa de intervenciones",
    topic: "Tema",
    kenya: /^Kenia: \d+ intervenci(ón|ones)/,
    form: "Solicitar asistencia técnica",
    next: "Guardar y continuar",
    official: "Responsable: nombre",
    required: "Esta respuesta es obligatoria.",
  },
];

for (const language of languages) {
  test(`${language.endonym}: home, map and a form with its messages; axe clean where JavaScript runs`, async ({ page, javaScriptEnabled }) => {
    const axe = async () => {
      if (javaScriptEnabled) await expectNoSeriousViolation(page);
    };
    await page.goto("/");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: language.endonym }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", language.code);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(language.home);
    await axe();

    await page.getByRole("link", { name: language.explore }).click();
    await expect(page.getByLabel(language.topic, { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: language.kenya })).toBeVisible();
    await axe();

    await page.goto("/requests/new");
    await expect(page.getByRole("heading", { level: 1, name: language.form })).toBeVisible();
    await page.getByRole("button", { name: language.next }).click();
    const official = page.getByLabel(language.official);
    await expect(official).toHaveAttribute("aria-invalid", "true");
    await expect(official).toHaveAccessibleDescription(new RegExp(language.required.replace(".", "\\.")));
    await axe();
  });
}
