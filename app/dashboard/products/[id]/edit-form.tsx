"use client";

import { useActionState } from "react";
import { saveListing } from "./actions";
import type { EditState } from "./edit-state";

type Field = keyof EditState["values"];

/**
 * The edit form. A server action with `useActionState`: without JavaScript the browser posts the form and the page
 * comes back rendered with the action's state (values, errors, notice), so it works either way.
 */
export function EditForm({
  initial,
  currency,
  grantPermission,
}: {
  initial: EditState;
  currency: string;
  grantPermission: React.ReactNode;
}) {
  const [state, action, pending] = useActionState(saveListing, initial);
  const { values, errors, notice, current } = state;
  return (
    <section className="edit-form" aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit listing</h2>
      {notice && (
        <section
          className={`notice ${notice.tone === "info" ? "" : notice.tone}`}
          role={notice.tone === "info" ? "status" : "alert"}
        >
          <h3>{notice.title}</h3>
          <p>{notice.text}</p>
          {notice.grant && grantPermission}
          {current && (
            <dl className="facts" aria-label="Current values on Depop">
              <div>
                <dt>Price</dt>
                <dd>{`${current.price_amount} ${currency}`}</dd>
              </div>
              <div>
                <dt>Quantity</dt>
                <dd>{current.quantity}</dd>
              </div>
              {current.national_shipping_cost !== undefined && (
                <div>
                  <dt>National shipping</dt>
                  <dd>{`${current.national_shipping_cost} ${currency}`}</dd>
                </div>
              )}
              <div>
                <dt>Description</dt>
                <dd className="description">{current.description}</dd>
              </div>
            </dl>
          )}
        </section>
      )}
      <form action={action} className="edit-form" noValidate>
        <input type="hidden" name="product_id" value={state.productId} />
        <input type="hidden" name="version" value={state.version} />
        <div className="edit-fields">
          <Input
            key={`price-${state.version}`}
            field="price_amount"
            label={`Price (${currency})`}
            hint="At least 1.00, at most 2 decimals."
            value={values.price_amount}
            error={errors.price_amount}
            inputMode="decimal"
          />
          <Input
            key={`quantity-${state.version}`}
            field="quantity"
            label="Quantity"
            hint="A whole number from 1."
            value={values.quantity}
            error={errors.quantity}
            inputMode="numeric"
          />
          {values.national_shipping_cost !== undefined && (
            <Input
              key={`shipping-${state.version}`}
              field="national_shipping_cost"
              label={`National shipping cost (${currency})`}
              hint="0 means free shipping."
              value={values.national_shipping_cost}
              error={errors.national_shipping_cost}
              inputMode="decimal"
            />
          )}
        </div>
        <div className="field">
          <label htmlFor="edit-description">Description</label>
          <p id="edit-description-hint" className="hint">
            At most 1000 characters and 5 hashtags; no e-mail addresses (Depop's rules).
          </p>
          <textarea
            key={`description-${state.version}`}
            id="edit-description"
            name="description"
            rows={8}
            defaultValue={values.description}
            aria-invalid={errors.description ? "true" : undefined}
            aria-describedby={
              errors.description ? "edit-description-hint edit-description-error" : "edit-description-hint"
            }
          />
          {errors.description && (
            <p id="edit-description-error" className="field-error">
              {errors.description}
            </p>
          )}
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Save changes"}
        </button>
      </form>
    </section>
  );
}

function Input(props: {
  field: Field;
  label: string;
  hint: string;
  value: string;
  error: string | undefined;
  inputMode: "decimal" | "numeric";
}) {
  const id = `edit-${props.field}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.field}
        defaultValue={props.value}
        inputMode={props.inputMode}
        autoComplete="off"
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
